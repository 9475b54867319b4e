import { randomBytes } from 'node:crypto';
import { ApiKey, formatApiKeys, parseApiKeys, Role, ROLES } from '@prespond/platform';

/**
 * The services that call another service's API, each with its own key (MESSENGER_API_KEY; incident-service also
 * calls subscriber-service with it, as SUBSCRIBER_API_KEY). Every service's API_KEYS has them all.
 */
export const CALLING_SERVICES = { 'incident-service': 'ops', 'subscriber-service': 'admin' } as const satisfies Record<string, Role>;
export type CallingService = keyof typeof CALLING_SERVICES;

/** The keys of one run of the stack: the people's (by role), the calling services' own, and every service's API_KEYS. */
export interface AccessKeys {
  /** A key per role (from API_KEYS when it was set: its first key of each role; a role it lacks is missing). */
  roles: Partial<Record<Role, string>>;
  /** incident-service's and subscriber-service's keys to messenger-service. */
  services: Record<CallingService, string>;
  /** The web console's key (role `console`): it acts for the person signed in, never by itself. */
  console: string;
  /** `name:role:secret,…` for every service's API_KEYS. */
  apiKeys: string;
}

const secret = () => randomBytes(24).toString('base64url'); // 32 characters

/**
 * Keys made up for this run (nothing secret is kept in code), or the people's keys from `apiKeys` (API_KEYS) when
 * given; the services' own keys are made up either way.
 */
export function accessKeys(apiKeys?: string): AccessKeys {
  const people: ApiKey[] = apiKeys ? parseApiKeys(apiKeys) : ROLES.map((role) => ({ name: role, role, secret: secret() }));
  const services = Object.fromEntries(Object.keys(CALLING_SERVICES).map((name) => [name, secret()])) as Record<CallingService, string>;
  const serviceKeys = Object.entries(CALLING_SERVICES).map(([name, role]) => ({ name, role, secret: services[name as CallingService] }));
  const consoleKey: ApiKey = { name: 'console', role: 'console', secret: secret() };
  const roles: Partial<Record<Role, string>> = {};
  for (const key of people) if (key.role !== 'console') roles[key.role] ??= key.secret;
  return { roles, services, console: consoleKey.secret, apiKeys: formatApiKeys([...people, ...serviceKeys, consoleKey]) };
}

/** The calling services that also ask subscriber-service (the delivery estimate's audience count). */
const CALLS_SUBSCRIBER_SERVICE: readonly CallingService[] = ['incident-service'];

/** What a service's environment needs for access control: API_KEYS, and its own key to each service it calls. */
export function accessEnv(keys: AccessKeys, service: string): NodeJS.ProcessEnv {
  const own = keys.services[service as CallingService];
  if (!own) return { API_KEYS: keys.apiKeys };
  return { API_KEYS: keys.apiKeys, MESSENGER_API_KEY: own, ...(CALLS_SUBSCRIBER_SERVICE.includes(service as CallingService) ? { SUBSCRIBER_API_KEY: own } : {}) };
}
