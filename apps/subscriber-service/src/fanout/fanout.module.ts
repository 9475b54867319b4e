import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { FanoutConsumer } from './fanout.consumer';
import { FanoutService } from './fanout.service';
import { ReopeningsConsumer } from './reopenings.consumer';
import { ReopeningsRepository } from './reopenings.repository';

@Module({
  imports: [SubscribersModule],
  controllers: [FanoutConsumer, ReopeningsConsumer],
  providers: [FanoutService, ReopeningsRepository],
})
export class FanoutModule {}
