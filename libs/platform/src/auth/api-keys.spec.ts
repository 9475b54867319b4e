import 'reflect-metadata';
import { apiKeysFrom, BaseServiceEnv, loadEnv } from '../env';
import { ApiKeyRing, formatApiKeys, parseApiKeys } from './api-keys';

const long = (c: string) => c.repeat(24);

describe('parseApiKeys', () => {
  it('reads name:role:secret entries, trimmed, with colons allowed in the secret', () => {
    expect(parseApiKeys(` alice:ops:${long('a')} , mia:marketing:${long('b')}:with:colons,root:admin:${long('c')}`)).toEqual([
      { name: 'alice', role: 'ops', secret: long('a') },
      { name: 'mia', role: 'marketing', secret: `${long('b')}:with:colons` },
      { name: 'root', role: 'admin', secret: long('c') },
    ]);
  });

  it('refuses an empty or missing list: a service without keys does not start', () => {
    expect(() => parseApiKeys(undefined)).toThrow(/no API keys/);
    expect(() => parseApiKeys(' , ')).toThrow(/no API keys/);
  });

  it('names every bad entry by position and name, never by its secret', () => {
    const secret = 'short-secret';
    let message = '';
    try {
      parseApiKeys(`alice:root:${long('a')},bob:ops:${secret},nocolons-but-a-secret-anyway,alice:ops:${long('d')},carol:ops:${long('a')},bad name:ops:${long('e')}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('entry 1 ("alice"): the role must be one of ops, marketing, admin, console');
    expect(message).toContain('entry 2 ("bob"): the secret must be at least 24 characters');
    expect(message).toContain('entry 3: must be name:role:secret');
    expect(message).toContain('entry 4 ("alice"): the name is given twice');
    expect(message).toContain(`entry 5 ("carol"): the secret is the same as another key's`);
    expect(message).toContain('entry 6: the name must be');
    expect(message).not.toContain(secret);
    expect(message).not.toContain("nocolons");
    expect(message).not.toContain(long('a'));
  });

  it('writes a list that reads back the same', () => {
    const keys = parseApiKeys(`a:ops:${long('x')},b:admin:${long('y')}`);
    expect(parseApiKeys(formatApiKeys(keys))).toEqual(keys);
  });
});

describe('ApiKeyRing', () => {
  const ring = new ApiKeyRing(parseApiKeys(`alice:ops:${long('a')},mia:marketing:${long('b')}`));

  it('knows the holder of a configured secret, and nobody for anything else', () => {
    expect(ring.identify(long('a'))).toEqual({ name: 'alice', role: 'ops' });
    expect(ring.identify(long('b'))).toEqual({ name: 'mia', role: 'marketing' });
    expect(ring.identify(long('a') + 'x')).toBeUndefined();
    expect(ring.identify(long('a').slice(1))).toBeUndefined();
    expect(ring.identify('')).toBeUndefined();
  });

  it('will not be built without keys', () => {
    expect(() => new ApiKeyRing([])).toThrow(/refuses to start/);
  });
});

describe('API_KEYS in a service environment', () => {
  const base = { DATABASE_URL: 'postgres://x', KAFKA_BROKERS: '127.0.0.1:9092' };

  it('is required: without it the service does not start, and says why', () => {
    expect(() => loadEnv(BaseServiceEnv, base)).toThrow(/API_KEYS: no API keys: set API_KEYS/);
  });

  it('names the bad entry without showing its secret, and reads a good list', () => {
    expect(() => loadEnv(BaseServiceEnv, { ...base, API_KEYS: 'alice:ops:tooshort' })).toThrow(/API_KEYS: API_KEYS is invalid: entry 1 \("alice"\): the secret must be at least 24/);
    expect(() => loadEnv(BaseServiceEnv, { ...base, API_KEYS: 'alice:ops:tooshort' })).not.toThrow(/tooshort/);
    expect(apiKeysFrom(loadEnv(BaseServiceEnv, { ...base, API_KEYS: `alice:ops:${long('a')}` }))).toEqual([{ name: 'alice', role: 'ops', secret: long('a') }]);
  });
});
