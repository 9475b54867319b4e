import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { FollowsConsumer } from './follows.consumer';
import { FollowsController } from './follows.controller';
import { FollowsRepository } from './follows.repository';
import { FollowsService } from './follows.service';

@Module({
  imports: [SubscribersModule],
  controllers: [FollowsConsumer, FollowsController],
  providers: [FollowsService, FollowsRepository],
  exports: [FollowsRepository],
})
export class FollowsModule {}
