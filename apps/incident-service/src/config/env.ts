import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { KafkaSettings } from '@prespond/kafka';
import { BaseServiceEnv, kafkaSettingsFrom, loadEnv } from '@prespond/platform';

/** incident-service's environment. See .env.example. */
export class IncidentServiceEnv extends BaseServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  INCIDENT_SERVICE_PORT: number = 3001;
}

export interface IncidentServiceConfig {
  host: string;
  port: number;
  databaseUrl: string;
  kafka: KafkaSettings;
}

export function incidentServiceConfig(env: NodeJS.ProcessEnv): IncidentServiceConfig {
  const e = loadEnv(IncidentServiceEnv, env);
  return {
    host: e.HOST,
    port: e.INCIDENT_SERVICE_PORT,
    databaseUrl: e.DATABASE_URL,
    kafka: kafkaSettingsFrom(e, 'incident-service'),
  };
}
