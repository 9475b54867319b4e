import { BadGatewayException, BadRequestException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { CampaignDeliveries, CampaignDeliveriesSchema, MessageRequestedEvent, MessengerSubscriberExport, MessengerSubscriberExportSchema } from '@prespond/contracts';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';

/** A message as the messenger renders it. */
export interface RenderedPreview {
  subject?: string;
  text: string;
  html?: string;
}

/**
 * messenger-service over HTTP, the one way subscriber-service asks it anything: it owns the message log (delivery
 * figures of campaign results, what a customer was sent, for her data export) and the renderer (previews).
 * Unreachable or too slow: 503 (try again later; an export without her messages would not be "everything"). An
 * answer that is not the agreed contract: 502.
 */
@Injectable()
export class MessengerRepository {
  constructor(@Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig) {}

  async campaignDeliveries(campaignId: string): Promise<CampaignDeliveries> {
    const response = await this.call(`/reports/campaigns/${campaignId}`);
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for the campaign's delivery figures`);
    const parsed = CampaignDeliveriesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent campaign figures in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  /** The message rendered exactly as it would be sent; a template marketing wrote that does not compile: 400. */
  async preview(message: MessageRequestedEvent['data']): Promise<RenderedPreview> {
    const response = await this.call('/previews/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
    const body = (await response.json().catch(() => undefined)) as RenderedPreview | undefined;
    if (response.status === 400) throw new BadRequestException(body);
    if (!response.ok || typeof body?.text !== 'string') throw new BadGatewayException(`messenger-service answered ${response.status} for the preview`);
    return body;
  }

  /** The messages she was sent, her inbound texts and follow-ups (MessengerSubscriberExportSchema). */
  async subscriberExport(subscriberId: string): Promise<MessengerSubscriberExport> {
    const response = await this.call(`/subscribers/${subscriberId}/export`);
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for her messages`);
    const parsed = MessengerSubscriberExportSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent her messages in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const { url, timeoutMs, apiKey } = this.config.messenger ?? { url: 'http://127.0.0.1:3003', timeoutMs: 10_000, apiKey: undefined };
    // Our own key (MESSENGER_API_KEY, role admin): the messenger records it as the one who asked.
    const headers = { ...(init.headers as Record<string, string>), ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) };
    let response: Response;
    try {
      response = await fetch(`${url}${path}`, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error)?.message ?? (error as Error).message;
      throw new ServiceUnavailableException(`messenger-service cannot be reached at ${url} (${reason}); try again`);
    }
    if (response.status === 401 || response.status === 403) throw new BadGatewayException(`messenger-service refused our key (${response.status}): check MESSENGER_API_KEY`);
    return response;
  }
}
