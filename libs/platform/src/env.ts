import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Min, ValidateBy, validateSync } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { ApiKey, parseApiKeys } from './auth/api-keys';

/** Why a value is not a valid API_KEYS list, or undefined when it is. */
function apiKeysProblem(value: unknown): string | undefined {
  try {
    parseApiKeys(typeof value === 'string' ? value : undefined);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `name:role:secret,…` as parseApiKeys reads it; the message says which entry is wrong (never its secret). */
function IsApiKeyList(): PropertyDecorator {
  return ValidateBy({
    name: 'isApiKeyList',
    validator: {
      validate: (value: unknown) => apiKeysProblem(value) === undefined,
      defaultMessage: (args) => apiKeysProblem(args?.value) ?? 'must be a comma-separated list of name:role:secret',
    },
  });
}

/**
 * Reads a service's environment into its validated env class (see each app's `config/env.ts`). This and the
 * apps' `main.ts` are the only places that touch `process.env`. Throws one error listing every bad variable.
 */
export function loadEnv<T extends object>(envClass: new () => T, env: NodeJS.ProcessEnv): T {
  const instance = plainToInstance(envClass, { ...env }, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return instance;
}

/** What every service's environment has: its database, the Kafka brokers, the interface to listen on. */
export class BaseServiceEnv {
  /** PostgreSQL URL; each service keeps its tables in its own schema of this database. */
  @IsString() @IsNotEmpty()
  DATABASE_URL: string;

  /** Comma-separated `host:port` list. */
  @Transform(({ value }) => String(value).split(',').map((b: string) => b.trim()).filter(Boolean))
  @IsString({ each: true }) @IsNotEmpty()
  KAFKA_BROKERS: string[];

  @IsString()
  HOST = '127.0.0.1';

  /** First retry delay of a failed event (doubles per attempt). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  CONSUMER_RETRY_DELAY_MS?: number;

  /** Longest retry delay. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1)
  CONSUMER_RETRY_MAX_DELAY_MS?: number;

  @IsOptional() @Type(() => Number) @IsInt() @Min(6000)
  CONSUMER_SESSION_TIMEOUT_MS?: number;

  /** How long the group waits for its members to rejoin in a rebalance (kafkajs's default: 60 s). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(3000)
  CONSUMER_REBALANCE_TIMEOUT_MS?: number;

  /**
   * Who may call the API: a comma-separated list of `name:role:secret` (role ops, marketing or admin; the name is
   * recorded on every change its holder makes; secrets of 24+ characters, from your secret store). Required.
   */
  @IsApiKeyList()
  API_KEYS: string;

  /** Tests only: the service's clock can be moved over HTTP (`PUT /test/clock`). Never set in production. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  TEST_CLOCK = false;
}

/** The API keys a service's environment configures (validated by loadEnv already). */
export function apiKeysFrom(env: BaseServiceEnv): ApiKey[] {
  return parseApiKeys(env.API_KEYS);
}

/** The KafkaSettings a service's environment describes. */
export function kafkaSettingsFrom(env: BaseServiceEnv, clientId: string): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId,
    retry: {
      ...(env.CONSUMER_RETRY_DELAY_MS ? { retryDelayMs: env.CONSUMER_RETRY_DELAY_MS } : {}),
      ...(env.CONSUMER_RETRY_MAX_DELAY_MS ? { maxDelayMs: env.CONSUMER_RETRY_MAX_DELAY_MS } : {}),
    },
    sessionTimeoutMs: env.CONSUMER_SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: env.CONSUMER_REBALANCE_TIMEOUT_MS,
  };
}
