import { Module } from '@nestjs/common';
import { FollowsModule } from '../follows/follows.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { FanoutConsumer } from './fanout.consumer';
import { DigestRepository } from './digest.repository';
import { DigestService } from './digest.service';
import { FanoutService } from './fanout.service';

@Module({
  imports: [SubscribersModule, FollowsModule],
  controllers: [FanoutConsumer],
  providers: [FanoutService, DigestRepository, DigestService],
})
export class FanoutModule {}
