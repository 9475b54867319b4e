import { Inject, Injectable, Logger } from '@nestjs/common';
import { INCIDENT_CONFIG, IncidentServiceConfig } from '../config/env';
import { MessengerRepository } from '../messenger/messenger.repository';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { DeliveryEstimate, estimateDelivery } from './delivery-estimate';

/**
 * How long an incident's first message takes to reach everyone: the audience from subscriber-service, the rates from
 * messenger-service, both asked at once and waited for at most ESTIMATE_TIMEOUT_MS.
 */
@Injectable()
export class EstimatesService {
  private readonly logger = new Logger(EstimatesService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly messenger: MessengerRepository,
    @Inject(INCIDENT_CONFIG) private readonly config: IncidentServiceConfig,
  ) {}

  /** Throws 503 when a service cannot be reached in time, 502 when one answers outside its contract. */
  async estimate(components: string[], regions: string[]): Promise<DeliveryEstimate> {
    const timeoutMs = this.config.estimateTimeoutMs;
    const [audience, rates] = await Promise.all([this.subscribers.audienceOf(components, regions, timeoutMs), this.messenger.deliveryRates(timeoutMs)]);
    return estimateDelivery(audience, rates);
  }

  /** The estimate for a declaration, which must never fail because of it: null (and a warning) when there is none. */
  async estimateOrNull(components: string[], regions: string[]): Promise<DeliveryEstimate | null> {
    try {
      return await this.estimate(components, regions);
    } catch (error) {
      this.logger.warn(`no delivery estimate for the declaration: ${(error as Error).message}`);
      return null;
    }
  }
}
