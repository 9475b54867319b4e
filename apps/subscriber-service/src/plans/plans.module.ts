import { Module } from '@nestjs/common';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { PlanTypesController } from './plan-types.controller';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { RenewalRemindersRepository } from './renewal-reminders.repository';
import { RenewalRemindersService } from './renewal-reminders.service';

/** Plans a subscriber holds and the reminders before each renewal. */
@Module({
  imports: [SubscribersModule],
  controllers: [PlansController, PlanTypesController],
  providers: [PlansService, PlansRepository, RenewalRemindersRepository, RenewalRemindersService],
  exports: [RenewalRemindersService],
})
export class PlansModule {}
