import { plainToInstance, Transform } from 'class-transformer';
import { IsNotEmpty, IsString, validateSync } from 'class-validator';

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
}
