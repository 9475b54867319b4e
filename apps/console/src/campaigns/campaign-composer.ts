import { Injectable, Logger } from '@nestjs/common';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused, ServiceUnavailable } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { audienceQueryFrom, Channel, contentFrom, FormBody } from './campaign-form';
import { audienceFigures, AudienceFigures } from './campaign-views';
import { CAMPAIGNS_TEXT as T } from './campaigns.text';
import { fill } from '../views/fill';


/** The audience figures, or why there are none (a filter to correct, a service not answering). */
export type FiguresAnswer = { figures: AudienceFigures } | { problem: string };

/** One channel's message as the composer previews it, or why it cannot be shown. */
export interface ChannelPreview {
  subject?: string;
  text?: string;
  /** The email has an HTML version (shown in the preview's frame); without one it is sent as plain text. */
  hasHtml?: boolean;
  note?: string;
}

/** Her messages as the composer previews them (each channel the content has). */
export interface Previews {
  sms?: ChannelPreview;
  email?: ChannelPreview;
  /** Why there is nothing to preview (no content yet). */
  note?: string;
}

/** Tags to pick from: components and regions customers follow, plan types in use (most followed first). */
export interface KnownTags {
  components: { name: string; subscribers: number }[];
  regions: { name: string; subscribers: number }[];
  plans: string[];
}

/**
 * What the composer asks the services while marketing builds a campaign: the tags to pick from, the audience's size
 * and exclusions for the form as it is (saved or not), and one customer's messages rendered by the messenger. A part
 * a service cannot give is left out with a note; saving still works.
 */
@Injectable()
export class CampaignComposer {
  private readonly logger = new Logger('CampaignComposer');

  constructor(private readonly services: ServicesClient) {}

  async knownTags(person: StaffAccount): Promise<KnownTags> {
    const api = this.services.for(person);
    const [tags, plans] = await Promise.all([optional(answer('subscriber', api.subscriber.GET('/audience/tags'))), optional(answer('subscriber', api.subscriber.GET('/plan-types')))]);
    if (!tags || !plans) this.logger.warn('components, regions or plan types unavailable: the composer offers typing them');
    return { components: tags?.components ?? [], regions: tags?.regions ?? [], plans: (plans ?? []).map((p) => p.type) };
  }

  /** The audience of the form as it is now (subscriber-service counts it with the runner's own conditions). */
  async figures(person: StaffAccount, body: FormBody, zone: string): Promise<FiguresAnswer> {
    const { query, assumed, problems } = audienceQueryFrom(body, zone);
    if (problems.length) return { problem: fill(T.composer.fixFilter, { reason: problems[0].reason }) };
    try {
      const preview = await answer('subscriber', this.services.for(person).subscriber.POST('/campaigns/audience', { body: query }));
      return { figures: audienceFigures(preview, assumed) };
    } catch (error) {
      if (error instanceof ServiceRefused && error.status === 400) return { problem: fill(T.composer.fixFilter, { reason: error.reasons.map((r) => r.reason).join('; ') }) };
      if (error instanceof ServiceUnavailable || error instanceof ServiceRefused) return { problem: T.composer.figuresUnavailable };
      throw error;
    }
  }

  /** Her text and email of this draft with the form's content (not saved), rendered by the messenger. */
  async previews(person: StaffAccount, campaignId: string, body: FormBody, subscriberId: string): Promise<Previews> {
    const content = contentFrom(body, []);
    const channels = (['sms', 'email'] as Channel[]).filter((c) => content[c]);
    if (channels.length === 0) return { note: T.composer.noContentPreview };
    const api = this.services.for(person);
    const previews: Previews = {};
    await Promise.all(
      channels.map(async (channel) => {
        try {
          const message = await answer('subscriber', api.subscriber.POST('/campaigns/{id}/preview', { params: { path: { id: campaignId } }, body: { subscriberId, channel, content } }));
          previews[channel] = { subject: message.subject, text: message.text, hasHtml: Boolean(message.html) };
        } catch (error) {
          // A template that does not compile, or she has no address there: said where the preview would be.
          if (error instanceof ServiceRefused) previews[channel] = { note: fill(T.composer.previewUnavailable, { reason: error.reasons.map((r) => r.reason).join('; ') }) };
          else if (error instanceof ServiceUnavailable) previews[channel] = { note: fill(T.composer.previewUnavailable, { reason: error.message }) };
          else throw error;
        }
      }),
    );
    return previews;
  }

  /** The HTML of her email for this draft (the form's content when given, else the saved one). */
  async emailHtml(person: StaffAccount, campaignId: string, subscriberId: string, body?: FormBody): Promise<string | undefined> {
    const content = body ? contentFrom(body, []) : undefined;
    if (content && !content.email) return undefined;
    const rendered = await optional(
      answer('subscriber', this.services.for(person).subscriber.POST('/campaigns/{id}/preview', { params: { path: { id: campaignId } }, body: { subscriberId, channel: 'email', ...(content ? { content } : {}) } })),
    );
    return rendered?.html;
  }
}

/** A part of the page that may be missing: a service that is down or refuses leaves it out. */
export async function optional<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ServiceUnavailable || error instanceof ServiceRefused) return undefined;
    throw error;
  }
}
