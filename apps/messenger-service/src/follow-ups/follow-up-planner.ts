import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { NotificationRequestedEvent } from '@prespond/contracts';
import { Clock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { DeliveryListener, DeliveryListeners } from '../delivery/delivery-listeners';
import { MessagesRepository } from '../delivery/messages.repository';
import { TemplateRenderer } from '../rendering/template-renderer';
import { FollowUpEntity } from './follow-up.entity';
import { followUpId } from './follow-up-ids';
import { FollowUpsRepository } from './follow-ups.repository';

const MINUTE = 60_000;

/**
 * Records the follow-up a delivered resolution calls for: due `followUps.delayMinutes` after the resolution, one
 * per (incident, subscriber), by SMS if the resolution reached her by SMS. Safe to repeat (a redelivered request).
 * A resolution waiting for the end of her quiet hours will go then: its follow-up is due the delay after that, so the
 * question never comes before the answer it asks about.
 */
@Injectable()
export class FollowUpPlanner implements DeliveryListener, OnModuleInit {
  constructor(
    private readonly listeners: DeliveryListeners,
    private readonly followUps: FollowUpsRepository,
    private readonly messages: MessagesRepository,
    private readonly renderer: TemplateRenderer,
    private readonly clock: Clock,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {}

  onModuleInit(): void {
    this.listeners.add(this);
  }

  afterDelivery(request: NotificationRequestedEvent['data']): Promise<boolean> {
    return this.planAfterResolution(request);
  }

  /** Returns whether a follow-up is (now) due for this request: only for a resolution the provider took. */
  async planAfterResolution(request: NotificationRequestedEvent['data']): Promise<boolean> {
    if (request.template !== 'incident.resolved') return false;
    // Asked after the delivery, not its outcome: a redelivered request is SKIPPED but may still need its follow-up.
    const message = await this.messages.findById(request.notificationId);
    if (!message || ['pending', 'failed', 'superseded'].includes(message.status)) return false;
    // Erased between the delivery and now: her name and address are not written down again.
    if (await this.messages.isErased(request.recipient.subscriberId)) return false;
    const { recipient, incident, update } = request;
    const resolvedAt = new Date(update.createdAt);
    const reachesHerAt = message.status === 'deferred' && message.dueAt && message.dueAt > resolvedAt ? message.dueAt : resolvedAt;
    await this.followUps.recordDue(
      Object.assign(new FollowUpEntity(), {
        id: followUpId(incident.id, recipient.subscriberId),
        incidentId: incident.id,
        subscriberId: recipient.subscriberId,
        channel: request.channel,
        address: recipient.address,
        name: recipient.name,
        locale: recipient.locale,
        timeZone: recipient.timeZone,
        incidentTitle: incident.title,
        affected: this.renderer.props(request).affected,
        resolvedAt,
        dueAt: new Date(reachesHerAt.getTime() + this.config.followUps.delayMinutes * MINUTE),
        createdAt: this.clock.now(),
      }),
    );
    return true;
  }
}
