import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  addressOn,
  Channel,
  IncidentSnapshot,
  IncidentUpdate,
  MessageRequestedV1,
  NotificationRequestedEvent,
  NotificationTemplate,
  recipientFor,
  SubscriberSnapshot,
} from '@prespond/contracts';
import { badRequest, Clock } from '@prespond/platform';
import { HoldRepository } from '../hold/hold.repository';
import { RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { draftErrors, draftIncidentChange } from './draft-incident';
import { PreviewIncidentDto, PreviewQuery } from './dto/preview.dto';

const HOUR = 3_600_000;

/** What a subscriber would receive, rendered for her (her terms, her zone, her locale) by the sending renderer. Nothing is sent. */
@Injectable()
export class PreviewsService {
  constructor(
    private readonly subscribers: SubscriberViewRepository,
    private readonly holds: HoldRepository,
    private readonly renderer: TemplateRenderer,
    private readonly clock: Clock,
  ) {}

  /** Any incident template, about an open incident the messenger knows or a sample one on her own components. */
  async preview(query: PreviewQuery): Promise<RenderedMessage> {
    const subscriber = await this.subscriber(query.subscriberId);
    const { incident, update } = await this.incidentFor(query.incidentId, subscriber);
    const template = query.template ?? 'incident.updated';
    // A digest shows how the updates in between read: one sample earlier update is enough.
    const earlierUpdates =
      template === 'incident.digest'
        ? [{ ...update, id: randomUUID(), sequence: Math.max(1, update.sequence - 1), status: 'investigating' as const, message: 'We are looking into it.', createdAt: new Date(Date.parse(update.createdAt) - HOUR / 2).toISOString() }]
        : undefined;
    return this.render(subscriber, query.channel, template, incident, update, earlierUpdates);
  }

  /** An incident ops have not declared yet, as she would get its declaration (or an update, or its resolution). */
  async previewIncident(dto: PreviewIncidentDto): Promise<RenderedMessage> {
    const template = dto.template ?? 'incident.declared';
    const errors = draftErrors(template, dto.incident);
    if (errors.length > 0) throw badRequest(errors);
    const subscriber = await this.subscriber(dto.subscriberId);
    const { incident, update } = draftIncidentChange(template, dto.incident, this.clock.now());
    return this.render(subscriber, dto.channel, template, incident, update);
  }

  /**
   * A `message.requested` (its `data`) rendered exactly as the messenger would send it: campaign previews
   * (subscriber-service builds the request it would queue for her and asks here). An invalid request or template: 400.
   */
  previewMessage(body: Record<string, unknown>): RenderedMessage {
    const parsed = MessageRequestedV1.shape.data.safeParse(body);
    if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })));
    try {
      return this.renderer.forPreview(this.renderer.renderMessage(parsed.data));
    } catch (error) {
      throw badRequest([{ field: parsed.data.content ? 'content' : 'template', reason: (error as Error).message }]);
    }
  }

  /** The one way an incident preview is rendered: the request the fan-out would send her, through the sending renderer. */
  private render(
    subscriber: SubscriberSnapshot,
    channel: Channel,
    template: NotificationTemplate,
    incident: IncidentSnapshot,
    update: IncidentUpdate,
    earlierUpdates?: IncidentUpdate[],
  ): RenderedMessage {
    const request: NotificationRequestedEvent['data'] = {
      notificationId: randomUUID(),
      channel,
      template,
      recipient: recipientFor(subscriber, incident, addressOn(subscriber, channel) ?? ''),
      incident,
      update,
      ...(earlierUpdates ? { earlierUpdates } : {}),
    };
    return this.renderer.forPreview(this.renderer.render(channel, subscriber.locale, this.renderer.props(request)));
  }

  private async subscriber(id: string): Promise<SubscriberSnapshot> {
    const subscriber = await this.subscribers.findById(id);
    if (!subscriber) throw new NotFoundException(`no subscriber ${id} (yet: copies arrive through subscriber.changed)`);
    return subscriber;
  }

  private async incidentFor(incidentId: string | undefined, subscriber: { components: string[]; regions: string[] }): Promise<{ incident: IncidentSnapshot; update: IncidentUpdate }> {
    const now = this.clock.now();
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    if (incidentId) {
      const row = await this.holds.findById(incidentId);
      if (!row) throw new NotFoundException(`no incident ${incidentId} known to the messenger`);
      return {
        incident: { id: row.incidentId, title: row.title, status: row.status, severity: row.severity, components: row.components, regions: row.regions, declaredAt: row.declaredAt.toISOString(), resolvedAt: null },
        update: { id: row.updateId ?? randomUUID(), sequence: row.sequence, status: row.status, message: row.message, eta: iso(row.eta), nextUpdateBy: iso(row.nextUpdateBy), createdAt: row.changedAt.toISOString() },
      };
    }
    const components = subscriber.components.length > 0 ? subscriber.components : ['service'];
    return {
      incident: { id: randomUUID(), title: 'Sample incident', status: 'identified', severity: 'major', components, regions: subscriber.regions, declaredAt: now.toISOString(), resolvedAt: null },
      update: {
        id: randomUUID(),
        sequence: 2,
        status: 'identified',
        message: 'This is how a traffic report will look.',
        eta: new Date(now.getTime() + 2 * HOUR).toISOString(),
        nextUpdateBy: new Date(now.getTime() + HOUR).toISOString(),
        createdAt: now.toISOString(),
      },
    };
  }
}
