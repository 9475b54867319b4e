import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@prespond/database';
import { CoreModule, HealthModule, ServiceInfo } from '@prespond/platform';
import { KafkaModule, OutboxMessage } from '@prespond/kafka';
import { INCIDENT_CONFIG, IncidentServiceConfig } from './config/env';
import { IncidentUpdateEntity } from './incidents/incident-update.entity';
import { IncidentEntity } from './incidents/incident.entity';
import { IncidentsModule } from './incidents/incidents.module';
import { CreateIncidents1763800000000 } from './migrations/1763800000000-CreateIncidents';
import { TrackPromises1764000000000 } from './migrations/1764000000000-TrackPromises';
import { RecordWhoPosted1764300000000 } from './migrations/1764300000000-RecordWhoPosted';
import { PromiseEntity } from './promises/promise.entity';
import { PromisesModule } from './promises/promises.module';
import { ReportsModule } from './reports/reports.module';
import { TrackReopenings1764400000000 } from './migrations/1764400000000-TrackReopenings';
import { AddAuditTrail1765300000000 } from './migrations/1765300000000-AddAuditTrail';
import { AuditWhoActedThroughTheConsole1765800000000 } from './migrations/1765800000000-AuditWhoActedThroughTheConsole';
import { ReopeningEntity } from './reopenings/reopening.entity';
import { ReopeningsModule } from './reopenings/reopenings.module';
import { MaintenanceEntity, MaintenanceEntryEntity } from './maintenance/maintenance.entity';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { StatusModule } from './status/status.module';
import { ScheduleMaintenance1766000000000 } from './migrations/1766000000000-ScheduleMaintenance';

/** Its name and description, in its logs and API document (read without starting it by deploy/openapi.ts). */
export const INCIDENT_SERVICE_INFO: ServiceInfo = {
  name: 'incident-service',
  description: 'Ops declare incidents and post updates (every change is published on incident.changed) and schedule maintenance (maintenance.changed). Customers still having trouble after a resolution reopen it for themselves.',
};

/**
 * incident-service: ops declare and update incidents (every change reaches Kafka through the outbox); promises are
 * kept; customers still having trouble after a resolution reopen it for themselves.
 */
@Module({})
export class AppModule {
  static forRoot(config: IncidentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(INCIDENT_CONFIG, config, { testClock: config.testClock, apiKeys: config.apiKeys }),
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: 'incident',
          entities: [IncidentEntity, IncidentUpdateEntity, PromiseEntity, ReopeningEntity, MaintenanceEntity, MaintenanceEntryEntity, OutboxMessage],
          migrations: [CreateIncidents1763800000000, TrackPromises1764000000000, RecordWhoPosted1764300000000, TrackReopenings1764400000000, AddAuditTrail1765300000000, AuditWhoActedThroughTheConsole1765800000000, ScheduleMaintenance1766000000000],
        }),
        KafkaModule.forRoot(config.kafka),
        HealthModule.forRoot(),
        IncidentsModule,
        PromisesModule,
        ReportsModule,
        ReopeningsModule,
        MaintenanceModule,
        StatusModule,
      ],
    };
  }
}
