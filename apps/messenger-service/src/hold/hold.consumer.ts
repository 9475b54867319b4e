import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { IncidentChangedEvent, MaintenanceChangedEvent, Topics } from '@prespond/contracts';
import { HandleEvent } from '@prespond/kafka';
import { HoldService } from './hold.service';

/** Kafka adapter: the hold announcement follows every incident and maintenance change. */
@Controller()
export class HoldConsumer {
  constructor(private readonly hold: HoldService) {}

  @HandleEvent(Topics.IncidentChanged)
  async updateHoldMessageOnIncidentChanged(@Payload() event: IncidentChangedEvent): Promise<void> {
    await this.hold.apply(event);
  }

  @HandleEvent(Topics.MaintenanceChanged)
  async updateHoldMessageOnMaintenanceChanged(@Payload() event: MaintenanceChangedEvent): Promise<void> {
    await this.hold.applyMaintenance(event);
  }
}
