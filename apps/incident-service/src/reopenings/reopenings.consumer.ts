import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IncidentFeedbackEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { ReopeningsService } from './reopenings.service';

/** Kafka adapter: a customer's "still having trouble" reopens the incident for her. */
@Controller()
export class ReopeningsConsumer {
  constructor(private readonly reopenings: ReopeningsService) {}

  @HandleEvent(Topics.IncidentFeedback)
  async recordReopeningOnTroubleReported(@Payload() event: IncidentFeedbackEvent): Promise<void> {
    await this.reopenings.recordTroubleReported(event);
  }
}
