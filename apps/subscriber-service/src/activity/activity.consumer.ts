import { BadRequestException, Controller, NotFoundException } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ActivityRecordedEvent, Topics } from '@prespond/contracts';
import { HandleEvent, PermanentFailure } from '@prespond/kafka';
import { ActivityService } from './activity.service';

/** Kafka adapter: activity reported by other systems (web shop, call center) is recorded like activity over HTTP. */
@Controller()
export class ActivityConsumer {
  constructor(private readonly activity: ActivityService) {}

  @HandleEvent(Topics.ActivityRecorded)
  async recordActivityOnActivityRecorded(@Payload() event: ActivityRecordedEvent): Promise<void> {
    const { activityId, subscriberId, type, occurredAt, source } = event.data;
    try {
      await this.activity.record({ activityId, subscriberId, type, occurredAt: new Date(occurredAt), source });
    } catch (error) {
      // Retrying cannot make an unknown subscriber known, nor a future activity past: dead-letter it, with the reason.
      if (error instanceof NotFoundException || error instanceof BadRequestException) throw new PermanentFailure(error.message, error);
      throw error;
    }
  }
}
