import { Injectable, Logger } from '@nestjs/common';
import { MessengerSubscriberExport, SubscriberErasedEvent } from '@prespond/contracts';
import { DataRightsRepository } from './data-rights.repository';

/** Her data rights on the messenger's side: what it keeps about her (for subscriber-service's export), and its erasure. */
@Injectable()
export class DataRightsService {
  private readonly logger = new Logger(DataRightsService.name);

  constructor(private readonly rights: DataRightsRepository) {}

  exportOf(subscriberId: string): Promise<MessengerSubscriberExport> {
    return this.rights.exportOf(subscriberId);
  }

  /** Scrubs her in one transaction; a redelivered event finds nothing left and changes nothing. */
  async erase(event: SubscriberErasedEvent): Promise<void> {
    const { subscriberId, erasedAt } = event.data;
    const scrubbed = await this.rights.transaction((manager) => this.rights.erase(manager, subscriberId, new Date(erasedAt)));
    this.logger.log(`subscriber ${subscriberId} erased: ${scrubbed} rows scrubbed`);
  }
}
