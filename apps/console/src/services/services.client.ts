import { Inject, Injectable } from '@nestjs/common';
import createClient, { Client } from 'openapi-fetch';
import type { IncidentServicePaths, MessengerServicePaths, SubscriberServicePaths } from '@prespond/contracts';
import { StaffAccount } from '../accounts/staff-account';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { ServiceRefused, ServiceUnavailable } from './service-error';

/** The three services as one person sees them through the console. */
export interface PersonsServices {
  incident: Client<IncidentServicePaths>;
  subscriber: Client<SubscriberServicePaths>;
  messenger: Client<MessengerServicePaths>;
}

export type ServiceKey = keyof PersonsServices;

const NAMES: Record<ServiceKey, string> = { incident: 'incident-service', subscriber: 'subscriber-service', messenger: 'messenger-service' };

/**
 * The console's only way to the services: their public HTTP APIs, with types generated from their OpenAPI documents
 * (`npm run openapi`), so a page cannot drift from an API without failing to compile. Every request carries the
 * console's key and names the person signed in (X-Acting-For, X-Acting-Role): the service checks that person's role
 * and records the change under their email.
 */
@Injectable()
export class ServicesClient {
  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  /** The services, acting for `person`. */
  for(person: StaffAccount): PersonsServices {
    const { services } = this.config;
    const headers = { authorization: `Bearer ${services.apiKey}`, 'x-acting-for': person.email, 'x-acting-role': person.role };
    const fetchWithTimeout = (service: ServiceKey) => async (input: Request) => {
      try {
        return await fetch(input, { signal: AbortSignal.timeout(services.timeoutMs) });
      } catch (error) {
        throw new ServiceUnavailable(NAMES[service], (error as Error).name === 'TimeoutError' ? `no answer within ${services.timeoutMs} ms` : (error as Error).message);
      }
    };
    return {
      incident: createClient<IncidentServicePaths>({ baseUrl: services.incident, headers, fetch: fetchWithTimeout('incident') }),
      subscriber: createClient<SubscriberServicePaths>({ baseUrl: services.subscriber, headers, fetch: fetchWithTimeout('subscriber') }),
      messenger: createClient<MessengerServicePaths>({ baseUrl: services.messenger, headers, fetch: fetchWithTimeout('messenger') }),
    };
  }
}

/**
 * The data of an answer, or the service's refusal as a ServiceRefused (its status and reasons, for the page to show)
 * — `const incident = await answer('incident', services.incident.GET('/incidents/{id}', …))`.
 */
export async function answer<T>(service: ServiceKey, call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ServiceRefused(NAMES[service], response.status, error);
  return data as T;
}
