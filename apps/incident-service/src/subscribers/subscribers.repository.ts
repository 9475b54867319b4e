import { BadGatewayException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { IncidentAudience, IncidentAudienceSchema } from '@prespond/contracts';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';

/**
 * subscriber-service over HTTP: it knows whom an incident reaches. Unreachable or too slow: 503. An answer that is
 * not the agreed contract: 502.
 */
@Injectable()
export class SubscribersRepository {
  constructor(@Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig) {}

  /** How many subscribers an incident on these components and regions reaches, by channel; waits at most `timeoutMs`. */
  async audienceOf(components: string[], regions: string[], timeoutMs: number): Promise<IncidentAudience> {
    const { url, apiKey } = this.config.subscribers;
    const query = new URLSearchParams({ components: components.join(','), ...(regions.length > 0 ? { regions: regions.join(',') } : {}) });
    let response: Response;
    try {
      // Our own key (SUBSCRIBER_API_KEY, role ops).
      response = await fetch(`${url}/audience/count?${query}`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error)?.message ?? (error as Error).message;
      throw new ServiceUnavailableException(`subscriber-service cannot be reached at ${url} (${reason}); the audience is unknown, try again`);
    }
    if (response.status === 401 || response.status === 403) throw new BadGatewayException(`subscriber-service refused our key (${response.status}): check SUBSCRIBER_API_KEY`);
    if (!response.ok) throw new BadGatewayException(`subscriber-service answered ${response.status} for the audience count`);
    const parsed = IncidentAudienceSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`subscriber-service sent an audience count in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}
