import { Injectable, Logger } from '@nestjs/common';
import { MaintenanceChangedEvent } from '@prespond/contracts';
import { EventProducer } from '@prespond/kafka';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { MAINTENANCE_TEMPLATES, maintenanceMessages } from './maintenance-messages';

/**
 * Turns each maintenance change customers hear of (a notice ahead, moved or extended, started, completed,
 * cancelled) into one message per affected subscriber and channel. Affected: she uses one of its components in one
 * of its regions, as for an incident. Safe to repeat: message ids derive from the timeline entry.
 */
@Injectable()
export class MaintenanceFanoutService {
  private readonly logger = new Logger(MaintenanceFanoutService.name);

  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly producer: EventProducer,
  ) {}

  async planMaintenanceMessages(event: MaintenanceChangedEvent, onPage: () => Promise<void> = async () => undefined): Promise<number> {
    if (!MAINTENANCE_TEMPLATES[event.type] || !event.data.entry.announce) return 0;
    const { maintenance } = event.data;
    let requested = 0;
    for await (const page of this.subscribers.stream({ components: maintenance.components, regions: maintenance.regions })) {
      const requests = page.flatMap((subscriber) => maintenanceMessages(subscriber, event));
      await this.producer.send(requests);
      requested += requests.length;
      await onPage();
    }
    this.logger.log(`${event.type} ${maintenance.id}: ${requested} messages requested`);
    return requested;
  }
}
