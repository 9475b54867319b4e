import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel, NotificationRequestedEvent } from '@prespond/contracts';
import { CHANNEL_PROVIDERS, ChannelProvider } from '../providers/channel-provider';
import { TemplateRenderer } from '../rendering/template-renderer';
import { MessageEntity } from './message.entity';
import { MessagesRepository } from './messages.repository';

export type DeliveryOutcome = 'SENT' | 'FAILED' | 'SKIPPED';

/**
 * Delivers one notification request: renders it, claims it in the message log, hands it to the channel's
 * provider, records what the provider said. A request whose message is already past `pending` is SKIPPED.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly providers: Map<Channel, ChannelProvider>;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly renderer: TemplateRenderer,
    @Inject(CHANNEL_PROVIDERS) providers: ChannelProvider[],
  ) {
    this.providers = new Map(providers.map((p) => [p.channel, p]));
  }

  async deliver(request: NotificationRequestedEvent['data']): Promise<DeliveryOutcome> {
    const { notificationId: id, channel, recipient } = request;
    const rendered = this.renderer.render(channel, recipient.locale, this.renderer.props(request));
    const now = new Date();
    const claimed = await this.messages.claim(
      Object.assign(new MessageEntity(), {
        id,
        subscriberId: recipient.subscriberId,
        channel,
        template: request.template,
        address: recipient.address,
        incidentId: request.incident.id,
        subject: rendered.subject ?? null,
        body: rendered.text,
        providerId: null,
        status: 'pending',
        errorCode: null,
        errorMessage: null,
        createdAt: now,
        sentAt: null,
        statusAt: now,
      }),
    );
    if (!claimed) {
      const existing = await this.messages.findById(id);
      // Past pending: it went out (or failed for good) already. Pending: an earlier attempt stopped midway.
      if (existing && existing.status !== 'pending') return 'SKIPPED';
    }
    const provider = this.providers.get(channel);
    if (!provider) throw new Error(`no provider for channel ${channel}`);
    const result = await provider.send({ id, to: recipient.address, subject: rendered.subject, text: rendered.text, html: rendered.html });
    if (result.outcome === 'failed') {
      this.logger.warn(`${channel} to subscriber ${recipient.subscriberId} refused: ${result.errorCode} ${result.errorMessage}`);
      await this.messages.markFailed(id, result.errorCode, result.errorMessage);
      return 'FAILED';
    }
    await this.messages.markAccepted(id, result.providerId, result.status as MessageEntity['status']);
    return 'SENT';
  }
}
