import { Module } from '@nestjs/common';
import { FollowsModule } from '../follows/follows.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { KnownIncidentsModule } from '../incidents/known-incidents.module';
import { FanoutConsumer } from './fanout.consumer';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { FanoutService } from './fanout.service';
import { MaintenanceFanoutConsumer } from './maintenance-fanout.consumer';
import { MaintenanceFanoutService } from './maintenance-fanout.service';
import { ReopeningsConsumer } from './reopenings.consumer';
import { ReopeningsRepository } from './reopenings.repository';

@Module({
  imports: [SubscribersModule, FollowsModule, KnownIncidentsModule],
  controllers: [FanoutConsumer, ReopeningsConsumer, MaintenanceFanoutConsumer],
  providers: [FanoutService, MaintenanceFanoutService, DigestRepository, DigestService, ReopeningsRepository],
})
export class FanoutModule {}
