import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@prespond/database';
import { HealthModule } from '@prespond/platform';
import { KafkaModule, OutboxMessage } from '@prespond/kafka';
import { IncidentServiceConfig } from './config/env';
import { IncidentUpdateEntity } from './incidents/incident-update.entity';
import { IncidentEntity } from './incidents/incident.entity';
import { IncidentsModule } from './incidents/incidents.module';
import { CreateIncidents1763800000000 } from './migrations/1763800000000-CreateIncidents';

/** incident-service: ops declare and update incidents; every change reaches Kafka through the outbox. */
@Module({})
export class AppModule {
  static forRoot(config: IncidentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: 'incident',
          entities: [IncidentEntity, IncidentUpdateEntity, OutboxMessage],
          migrations: [CreateIncidents1763800000000],
        }),
        KafkaModule.forRoot(config.kafka),
        HealthModule.forRoot(),
        IncidentsModule,
      ],
    };
  }
}
