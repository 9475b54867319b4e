import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { FanoutConsumer } from './fanout.consumer';
import { FanoutService } from './fanout.service';

@Module({
  imports: [SubscribersModule],
  controllers: [FanoutConsumer],
  providers: [FanoutService],
})
export class FanoutModule {}
