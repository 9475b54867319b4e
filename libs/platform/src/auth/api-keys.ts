import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who may do what. `ops` run incidents and read what was sent; `marketing` run campaigns; `admin` may do everything
 * (subscribers, plans, the audit trail, and whatever the other two may).
 */
export const ROLES = ['ops', 'marketing', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a key may be: a person's role, or `console`, the key of a front end that acts for the people signed in to it
 * (the web console). A console key does nothing by itself: each request names the person and their role
 * (X-Acting-For, X-Acting-Role), who is then the caller, checked and recorded as if they held a key of that role.
 */
export const KEY_ROLES = [...ROLES, 'console'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

/** One configured key: who holds it (recorded on every change they make), their role, and the secret they send. */
export interface ApiKey {
  name: string;
  role: KeyRole;
  secret: string;
}

/** Who holds a presented key. */
export interface KeyHolder {
  name: string;
  role: KeyRole;
}

/** The caller of a request, as its key says: available to handlers through `@Actor()`. */
export interface Principal {
  name: string;
  role: Role;
  /** The console key's name when a person acted through the console; absent when the key was the caller's own. */
  via?: string;
}

/** Secrets shorter than this are refused at start-up: 24 random characters are beyond guessing over HTTP. */
export const MIN_SECRET_LENGTH = 24;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const SECRET = /^[^\s,]+$/;

/**
 * Reads `API_KEYS`: a comma-separated list of `name:role:secret` (the secret may itself hold colons). Throws one error
 * naming every bad entry by position and name — never by its secret, which would end up in the logs.
 */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) {
    throw new Error('no API keys: set API_KEYS to a comma-separated list of name:role:secret (a service without keys answers nobody)');
  }
  const problems: string[] = [];
  const keys: ApiKey[] = [];
  entries.forEach((entry, index) => {
    const [name = '', role = '', ...rest] = entry.split(':');
    const secret = rest.join(':');
    // An entry without colons may be a bare secret pasted alone: it is never echoed.
    if (rest.length === 0) return problems.push(`entry ${index + 1}: must be name:role:secret`);
    const which = `entry ${index + 1}${NAME.test(name) ? ` ("${name}")` : ''}`;
    if (!NAME.test(name)) problems.push(`${which}: the name must be 1-64 letters, digits, dots, dashes, underscores or @`);
    if (!(KEY_ROLES as readonly string[]).includes(role)) problems.push(`${which}: the role must be one of ${KEY_ROLES.join(', ')}`);
    if (secret.length < MIN_SECRET_LENGTH) problems.push(`${which}: the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    else if (!SECRET.test(secret)) problems.push(`${which}: the secret must not contain spaces`);
    if (keys.some((k) => k.name === name)) problems.push(`${which}: the name is given twice (names say who made a change)`);
    if (keys.some((k) => k.secret === secret)) problems.push(`${which}: the secret is the same as another key's`);
    keys.push({ name, role: role as KeyRole, secret });
  });
  if (problems.length > 0) throw new Error(`API_KEYS is invalid: ${problems.join('; ')}`);
  return keys;
}

/** The `API_KEYS` value for these keys (parseApiKeys reads it back). */
export function formatApiKeys(keys: readonly ApiKey[]): string {
  return keys.map((k) => `${k.name}:${k.role}:${k.secret}`).join(',');
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/**
 * The configured keys, kept only as SHA-256 digests. A presented secret is hashed and compared with every digest in
 * constant time (equal lengths, no early exit), so the answer time says nothing about how close a guess was.
 */
export class ApiKeyRing {
  private readonly keys: { digest: Buffer; holder: KeyHolder }[];

  constructor(keys: readonly ApiKey[]) {
    if (keys.length === 0) throw new Error('no API keys configured (API_KEYS): a service without keys refuses to start');
    this.keys = keys.map((k) => ({ digest: digest(k.secret), holder: { name: k.name, role: k.role } }));
  }

  /** The holder of this secret, or undefined for an unknown one. */
  identify(secret: string): KeyHolder | undefined {
    const presented = digest(secret);
    let found: KeyHolder | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.digest) && !found) found = key.holder;
    }
    return found ? { ...found } : undefined;
  }
}
