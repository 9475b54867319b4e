import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module';
import { TemplateRenderer } from '../rendering/template-renderer';
import { DeliveryService } from './delivery.service';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { NotificationsConsumer } from './notifications.consumer';
import { SuppressionsRepository } from './suppressions.repository';

@Module({
  imports: [ProvidersModule],
  controllers: [NotificationsConsumer, MessagesController],
  providers: [DeliveryService, MessagesRepository, SuppressionsRepository, TemplateRenderer],
  exports: [MessagesRepository, TemplateRenderer],
})
export class NotificationsModule {}
