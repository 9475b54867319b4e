import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ApiKey, parseApiKeys, Role } from '@prespond/platform';
import { accessEnv, accessKeys } from '../../deploy/access-keys';

/** Who a spec calls as: a role's key, or no key at all. */
export type Caller = Role | 'anonymous';

/** The keys of this spec file (made up per file): one per role, named after it, and the calling services' own. */
export const TEST_KEYS = accessKeys();

/** The key of a role (`ops`, `marketing`, `admin`). */
export function keyOf(role: Role): string {
  return TEST_KEYS.roles[role]!;
}

/** The header that makes a request come from `caller` (none for anonymous). */
export function authHeaders(caller: Caller = 'admin'): Record<string, string> {
  return caller === 'anonymous' ? {} : { authorization: `Bearer ${keyOf(caller)}` };
}

/** The configured keys, for configs built in code (SubscriberServiceConfig.apiKeys …). */
export function testApiKeys(): ApiKey[] {
  return parseApiKeys(TEST_KEYS.apiKeys);
}

/**
 * API_KEYS (and MESSENGER_API_KEY, SUBSCRIBER_API_KEY for a service that calls those), for configs read from an
 * environment.
 */
export function testAccessEnv(service: 'incident-service' | 'subscriber-service' | 'messenger-service'): NodeJS.ProcessEnv {
  return accessEnv(TEST_KEYS, service);
}

/**
 * supertest against an in-process app, every request sent as `caller` (admin by default):
 * `api(app).post('/incidents').send(…)`, `api(app, 'marketing').post(…).expect(403)`, `api(app, 'anonymous')`.
 */
export function api(app: INestApplication, caller: Caller = 'admin') {
  const agent = request.agent(app.getHttpServer());
  const headers = authHeaders(caller);
  for (const [name, value] of Object.entries(headers)) agent.set(name, value);
  return agent;
}
