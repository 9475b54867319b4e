import { Module } from '@nestjs/common';
import { HoldModule } from '../hold/hold.module';
import { DeliveryModule } from '../delivery/delivery.module';
import { SubscribersViewModule } from '../subscribers/subscribers.module';
import { PreviewsController } from './previews.controller';
import { PreviewsService } from './previews.service';

@Module({
  imports: [DeliveryModule, HoldModule, SubscribersViewModule],
  controllers: [PreviewsController],
  providers: [PreviewsService],
})
export class PreviewsModule {}
