import { Module } from '@nestjs/common';
import { SubscriberViewConsumer } from './subscriber-view.consumer';
import { SubscriberViewRepository } from './subscriber-view.repository';

@Module({
  controllers: [SubscriberViewConsumer],
  providers: [SubscriberViewRepository],
  exports: [SubscriberViewRepository],
})
export class SubscribersViewModule {}
