/**
 * The services' HTTP APIs as types, generated from their OpenAPI documents (`npm run openapi` writes the `.json` and
 * `.ts` files beside this one; never edit them by hand, and openapi.spec.ts fails when they drift from the code).
 * Use them with openapi-fetch, e.g. `createClient<IncidentServicePaths>({ baseUrl })`: paths, query, bodies and
 * answers are then checked against what the service documents.
 */
export type {
  components as IncidentServiceComponents,
  operations as IncidentServiceOperations,
  paths as IncidentServicePaths,
} from './incident-service';
export type {
  components as MessengerServiceComponents,
  operations as MessengerServiceOperations,
  paths as MessengerServicePaths,
} from './messenger-service';
export type {
  components as SubscriberServiceComponents,
  operations as SubscriberServiceOperations,
  paths as SubscriberServicePaths,
} from './subscriber-service';
