import { Injectable, Logger } from '@nestjs/common';
import { IncidentFeedbackEvent } from '@prespond/contracts';
import { IncidentsService } from '../incidents/incidents.service';
import { ReopeningResponse, toReopeningResponse } from './dto/reopening.dto';
import { ReopeningEntity } from './reopening.entity';
import { ReopeningsRepository } from './reopenings.repository';

/**
 * Reopenings: a customer's "still having trouble" reopens a resolved incident for her alone. While any is open, ops
 * may post updates to the resolved incident (they reach only those customers); a final resolution closes them all
 * (see IncidentsService.postUpdate and resolveReopened).
 */
@Injectable()
export class ReopeningsService {
  private readonly logger = new Logger(ReopeningsService.name);

  constructor(
    private readonly reopenings: ReopeningsRepository,
    private readonly incidents: IncidentsService,
  ) {}

  /** Idempotent: one reopening per (incident, subscriber), whatever is redelivered. */
  async recordTroubleReported(event: IncidentFeedbackEvent): Promise<boolean> {
    const { incidentId, subscriberId, followUpId, channel, reportedAt } = event.data;
    const recorded = await this.reopenings.record(
      Object.assign(new ReopeningEntity(), { incidentId, subscriberId, followUpId, channel, reportedAt: new Date(reportedAt), closedAt: null, closedByUpdateId: null }),
    );
    if (recorded) this.logger.warn(`incident ${incidentId} reopened for subscriber ${subscriberId}: still having trouble`);
    return recorded;
  }

  async list(incidentId: string): Promise<ReopeningResponse[]> {
    await this.incidents.get(incidentId); // 404 for an unknown incident
    return (await this.reopenings.list(incidentId)).map(toReopeningResponse);
  }
}
