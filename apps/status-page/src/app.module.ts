import { DynamicModule, Module } from '@nestjs/common';
import { Clock, ShiftableClock, SystemClock, TestClockController } from '@prespond/platform';
import { STATUS_PAGE_CONFIG, StatusPageConfig } from './config/env';
import { HealthController } from './health.controller';
import { Publication } from './publication/publication';
import { Publisher } from './publication/publisher';
import { SnapshotSource } from './snapshot/snapshot-source';
import { SubscribeController } from './subscribe/subscribe.controller';

/**
 * The public status page: stateless, no database, no broker. It polls incident-service's public snapshot, renders
 * everything it serves once per change (see Publisher) and answers from memory (see Publication), so any number of
 * replicas can stand behind a CDN. Subscriptions from the page go to subscriber-service.
 */
@Module({})
export class StatusPageModule {
  static forRoot(config: StatusPageConfig): DynamicModule {
    return {
      module: StatusPageModule,
      controllers: [HealthController, SubscribeController, ...(config.testClock ? [TestClockController] : [])],
      providers: [
        { provide: STATUS_PAGE_CONFIG, useValue: config },
        { provide: Clock, useValue: config.testClock ? new ShiftableClock() : new SystemClock() },
        SnapshotSource,
        Publication,
        Publisher,
      ],
    };
  }
}
