import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Min, validateSync } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';

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

  /** Tests only: the service's clock can be moved over HTTP (`PUT /test/clock`). Never set in production. */
  @Transform(({ value }) => value === true || value === 'true')
  @IsBoolean()
  TEST_CLOCK = false;
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
  };
}
