import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { ProvidersModule } from '../providers/providers.module';
import { SubscribersViewModule } from '../subscribers/subscribers.module';
import { TemplateRenderer } from '../rendering/template-renderer';
import { DeferredMessagesRound } from './deferred-round';
import { DeliveryListeners } from './delivery-listeners';
import { DeliveryService } from './delivery.service';
import { MessagesController } from './messages.controller';
import { MessagesRepository } from './messages.repository';
import { NotificationsConsumer } from './notifications.consumer';
import { SmsOptOutsService } from './sms-opt-outs.service';
import { SuppressionsRepository } from './suppressions.repository';

/**
 * The send path (DeliveryService) and the message log, with the Kafka adapter that feeds it and the round that
 * sends what waited for the end of her quiet hours. The parts built on it (follow-ups, keywords, hold, reports) import
 * this module; it imports none of them: what they must hear of a delivery reaches them through DeliveryListeners.
 */
@Module({
  // Quiet hours and her consent are read from the messenger's copy of her.
  imports: [ProvidersModule, SubscribersViewModule],
  controllers: [MessagesController],
  // The messenger's one outbox lives here: a 21610 refusal publishes sms.consent-changed with its suppression.
  providers: [NotificationsConsumer, DeliveryService, DeliveryListeners, DeferredMessagesRound, MessagesRepository, SuppressionsRepository, SmsOptOutsService, Outbox, TemplateRenderer],
  exports: [MessagesRepository, TemplateRenderer, DeliveryService, DeliveryListeners, SmsOptOutsService, Outbox],
})
export class DeliveryModule {}
