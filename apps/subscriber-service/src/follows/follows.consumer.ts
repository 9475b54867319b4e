import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CallerSmsUpdatesRequestedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { FollowsService } from './follows.service';

/** Kafka adapter: a caller on hold who pressed 1 follows the incident by text. */
@Controller()
export class FollowsConsumer {
  constructor(private readonly follows: FollowsService) {}

  @HandleEvent(Topics.CallerSmsUpdatesRequested)
  async followIncidentOnCallerSmsUpdatesRequested(@Payload() event: CallerSmsUpdatesRequestedEvent): Promise<void> {
    await this.follows.followBySms(event);
  }
}
