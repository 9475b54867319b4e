import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IncidentFeedbackEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { ReopeningsRepository } from './reopenings.repository';

/** Kafka adapter: remembers who reopened an incident, so its later updates reach her (see FanoutService). */
@Controller()
export class ReopeningsConsumer {
  constructor(private readonly reopenings: ReopeningsRepository) {}

  @HandleEvent(Topics.IncidentFeedback)
  async rememberReopeningOnTroubleReported(@Payload() event: IncidentFeedbackEvent): Promise<void> {
    const { incidentId, subscriberId, reportedAt } = event.data;
    await this.reopenings.record({ incidentId, subscriberId, reportedAt: new Date(reportedAt) });
  }
}
