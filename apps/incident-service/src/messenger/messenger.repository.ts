import { BadGatewayException, Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { DeliveryRates, DeliveryRatesSchema, IncidentDeliveries, IncidentDeliveriesSchema } from '@prespond/contracts';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';

/**
 * messenger-service over HTTP: it owns the message log (the delivery figures of the incident report) and the
 * providers (their rates, for the delivery estimate). Unreachable or too slow: 503 (try again later). An answer that
 * is not the agreed contract: 502.
 */
@Injectable()
export class MessengerRepository {
  constructor(@Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig) {}

  async deliveriesOf(incidentId: string): Promise<IncidentDeliveries> {
    const response = await this.call(`/reports/incidents/${incidentId}/deliveries`, this.config.messenger.timeoutMs, 'delivery figures are unavailable');
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for the delivery figures`);
    const parsed = IncidentDeliveriesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent delivery figures in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  /** How fast the messenger's providers may send; waits at most `timeoutMs`. */
  async deliveryRates(timeoutMs: number): Promise<DeliveryRates> {
    const response = await this.call('/delivery/rates', timeoutMs, 'its delivery rates are unavailable');
    if (!response.ok) throw new BadGatewayException(`messenger-service answered ${response.status} for the delivery rates`);
    const parsed = DeliveryRatesSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BadGatewayException(`messenger-service sent delivery rates in an unknown shape: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  }

  private async call(path: string, timeoutMs: number, unavailable: string): Promise<Response> {
    const { url, apiKey } = this.config.messenger;
    let response: Response;
    try {
      // Our own key (MESSENGER_API_KEY, role ops), never a shared one.
      response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${apiKey}` }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : ((error as Error).cause as Error)?.message ?? (error as Error).message;
      throw new ServiceUnavailableException(`messenger-service cannot be reached at ${url} (${reason}); ${unavailable}, try again`);
    }
    if (response.status === 401 || response.status === 403) throw new BadGatewayException(`messenger-service refused our key (${response.status}): check MESSENGER_API_KEY`);
    return response;
  }
}
