import { BadGatewayException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { IncidentDeliveries, IncidentDeliveriesSchema } from '@prespond/contracts';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';

/**
 * messenger-service over HTTP: it owns the message log, so the delivery figures of the incident report come from it.
 * Unreachable or too slow: 503 (try again later). An answer that is not the agreed contract: 502.
 */
@Injectable()
export class MessengerRepository {
  constructor(@Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig) {}

  async deliveriesOf(incidentId: string): Promise<IncidentDeliveries> {
    const { url, timeoutMs, apiKey } = this.config.messenger;
    let response: Response;
    try {
      response = await fetch(`${url}/reports/incidents/${incidentId}/deliveries`, {
        // Our own key (MESSENGER_API_KEY, role ops), never a shared one.
        headers: { authorization: `Bearer ${apiKey}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error)?.message ?? (error as Error).message;
      throw new ServiceUnavailableException(`messenger-service cannot be reached at ${url} (${reason}); delivery figures are unavailable, try again`);
    }
    if (response.status === 401 || response.status === 403) throw new BadGatewayException(`messenger-service refused our key (${response.status}): check MESSENGER_API_KEY`);
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for the delivery figures`);
    const parsed = IncidentDeliveriesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent delivery figures in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }
}
