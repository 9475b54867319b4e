import { Module } from '@nestjs/common';
import { SubscribersViewModule } from '../subscribers/subscribers.module';
import { CallerHoldService } from './caller-hold.service';
import { HoldConsumer } from './hold.consumer';
import { HoldController } from './hold.controller';
import { HoldRepository } from './hold.repository';
import { HoldService } from './hold.service';
import { HoldTwimlController } from './hold-twiml.controller';

@Module({
  imports: [SubscribersViewModule],
  controllers: [HoldConsumer, HoldController, HoldTwimlController],
  providers: [HoldService, HoldRepository, CallerHoldService],
  exports: [HoldRepository],
})
export class HoldModule {}
