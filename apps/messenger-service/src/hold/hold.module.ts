import { Module } from '@nestjs/common';
import { HoldConsumer } from './hold.consumer';
import { HoldController } from './hold.controller';
import { HoldRepository } from './hold.repository';
import { HoldService } from './hold.service';

@Module({
  controllers: [HoldConsumer, HoldController],
  providers: [HoldService, HoldRepository],
  exports: [HoldRepository],
})
export class HoldModule {}
