import { BadGatewayException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MessengerSubscriberExport, MessengerSubscriberExportSchema } from '@prespond/contracts';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';

/**
 * messenger-service over HTTP, for her data export: it owns the messages she was sent, her inbound texts and her
 * follow-ups. Unreachable or too slow: 503 (try again later; an export without them would not be "everything").
 * An answer that is not the agreed contract (MessengerSubscriberExportSchema): 502.
 */
@Injectable()
export class DataRightsMessengerRepository {
  constructor(@Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig) {}

  async subscriberExport(subscriberId: string): Promise<MessengerSubscriberExport> {
    const { url, timeoutMs } = this.config.messenger ?? { url: 'http://127.0.0.1:3003', timeoutMs: 10_000 };
    let response: Response;
    try {
      response = await fetch(`${url}/subscribers/${subscriberId}/export`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error)?.message ?? (error as Error).message;
      throw new ServiceUnavailableException(`messenger-service cannot be reached at ${url} (${reason}); try again`);
    }
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for her messages`);
    const parsed = MessengerSubscriberExportSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent her messages in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}
