import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { WelcomeBackModule } from '../welcome-back/welcome-back.module';
import { ActivityConsumer } from './activity.consumer';
import { ActivityController } from './activity.controller';
import { ActivityRepository } from './activity.repository';
import { ActivityService } from './activity.service';

@Module({
  imports: [SubscribersModule, WelcomeBackModule],
  controllers: [ActivityController, ActivityConsumer],
  providers: [ActivityService, ActivityRepository],
})
export class ActivityModule {}
