import { Body, Controller, Get, HttpCode, NotFoundException, Post, Query } from '@nestjs/common';
import { ApiBody, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { addressOn, Channel, CHANNELS, MessageRequestedV1, NotificationRequestedEvent, NotificationTemplate, recipientFor } from '@prespond/contracts';
import { badRequest, Clock, Roles } from '@prespond/platform';
import { HoldRepository } from '../hold/hold.repository';
import { RenderedMessage, TemplateRenderer } from '../rendering/template-renderer';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';

const TEMPLATES: NotificationTemplate[] = ['incident.declared', 'incident.updated', 'incident.resolved', 'incident.digest'];
const HOUR = 3_600_000;

export class PreviewQuery {
  @ApiProperty() @IsUUID()
  subscriberId: string;

  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS)
  channel: Channel;

  @ApiPropertyOptional({ enum: TEMPLATES, default: 'incident.updated' }) @IsOptional() @IsIn(TEMPLATES)
  template?: NotificationTemplate;

  @ApiPropertyOptional({ description: 'An open incident to show; a sample incident on her own components otherwise.' })
  @IsOptional() @IsUUID()
  incidentId?: string;
}

/** What a subscriber would receive: any template, rendered for her (her terms, her zone, her locale). Nothing is sent. */
@ApiTags('templates')
@Roles('ops', 'marketing')
@Controller('previews')
export class PreviewsController {
  constructor(
    private readonly subscribers: SubscriberViewRepository,
    private readonly holds: HoldRepository,
    private readonly renderer: TemplateRenderer,
    private readonly clock: Clock,
  ) {}

  @Get()
  async preview(@Query() query: PreviewQuery): Promise<RenderedMessage> {
    const subscriber = await this.subscribers.findById(query.subscriberId);
    if (!subscriber) throw new NotFoundException(`no subscriber ${query.subscriberId} (yet: copies arrive through subscriber.changed)`);
    const { incident, update } = await this.incidentFor(query.incidentId, subscriber);
    const request: NotificationRequestedEvent['data'] = {
      notificationId: randomUUID(),
      channel: query.channel,
      template: query.template ?? 'incident.updated',
      recipient: recipientFor(subscriber, incident, addressOn(subscriber, query.channel) ?? ''),
      incident,
      update,
      // A digest shows how the updates in between read: one sample earlier update is enough.
      ...(query.template === 'incident.digest'
        ? { earlierUpdates: [{ ...update, id: randomUUID(), sequence: Math.max(1, update.sequence - 1), status: 'investigating' as const, message: 'We are looking into it.', createdAt: new Date(Date.parse(update.createdAt) - HOUR / 2).toISOString() }] }
        : {}),
    };
    return this.renderer.forPreview(this.renderer.render(query.channel, subscriber.locale, this.renderer.props(request)));
  }

  /**
   * A `message.requested` (its `data`) rendered exactly as the messenger would send it, without sending: campaign
   * previews (subscriber-service builds the request it would queue for her and asks here), so the preview and the
   * message use the same renderer. An invalid request or template: 400.
   */
  @Post('messages')
  @HttpCode(200)
  @ApiBody({ description: 'The `data` of a message.requested v1 event (see @prespond/contracts).' })
  previewMessage(@Body() body: Record<string, unknown>): RenderedMessage {
    const parsed = MessageRequestedV1.shape.data.safeParse(body);
    if (!parsed.success) throw badRequest(parsed.error.issues.map((i) => ({ field: i.path.join('.') || 'body', reason: i.message })));
    try {
      return this.renderer.forPreview(this.renderer.renderMessage(parsed.data));
    } catch (error) {
      throw badRequest([{ field: parsed.data.content ? 'content' : 'template', reason: (error as Error).message }]);
    }
  }

  private async incidentFor(incidentId: string | undefined, subscriber: { components: string[]; regions: string[] }) {
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
      incident: { id: randomUUID(), title: 'Sample incident', status: 'identified' as const, severity: 'major' as const, components, regions: subscriber.regions, declaredAt: now.toISOString(), resolvedAt: null },
      update: {
        id: randomUUID(),
        sequence: 2,
        status: 'identified' as const,
        message: 'This is how a traffic report will look.',
        eta: new Date(now.getTime() + 2 * HOUR).toISOString(),
        nextUpdateBy: new Date(now.getTime() + HOUR).toISOString(),
        createdAt: now.toISOString(),
      },
    };
  }
}
