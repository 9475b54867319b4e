import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { IncidentChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { FanoutService } from './fanout.service';

/** Kafka adapter: every incident change becomes notification requests. */
@Controller()
export class FanoutConsumer {
  constructor(private readonly fanout: FanoutService) {}

  @HandleEvent(Topics.IncidentChanged)
  async planNotificationsOnIncidentChanged(@Payload() event: IncidentChangedEvent, @Ctx() context: KafkaContext): Promise<void> {
    await this.fanout.planIncidentNotifications(event, () => context.getHeartbeat()());
  }
}
