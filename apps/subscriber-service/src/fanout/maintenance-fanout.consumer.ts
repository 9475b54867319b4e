import { Controller } from '@nestjs/common';
import { Ctx, KafkaContext, Payload } from '@nestjs/microservices';
import { MaintenanceChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { MaintenanceFanoutService } from './maintenance-fanout.service';

/** Kafka adapter: every maintenance change becomes messages. */
@Controller()
export class MaintenanceFanoutConsumer {
  constructor(private readonly fanout: MaintenanceFanoutService) {}

  @HandleEvent(Topics.MaintenanceChanged)
  async planMessagesOnMaintenanceChanged(@Payload() event: MaintenanceChangedEvent, @Ctx() context: KafkaContext): Promise<void> {
    await this.fanout.planMaintenanceMessages(event, () => context.getHeartbeat()());
  }
}
