import { Injectable } from '@nestjs/common';
import { NotificationRequestedEvent } from '@prespond/contracts';

/** A part of the messenger that acts on a delivered incident notification (follow-ups plan their question). */
export interface DeliveryListener {
  /** Called once the request is done with (sent, deferred, or found done before); safe to call again for a redelivery. */
  afterDelivery(request: NotificationRequestedEvent['data']): Promise<unknown>;
}

/**
 * Who hears of delivered incident notifications. The send path tells them without knowing them: listeners register
 * themselves at start-up, so delivery imports nothing of the parts built on it.
 */
@Injectable()
export class DeliveryListeners {
  private readonly listeners: DeliveryListener[] = [];

  add(listener: DeliveryListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener in turn; a listener's failure is thrown (the request is handled again, redelivery-safe). */
  async delivered(request: NotificationRequestedEvent['data']): Promise<void> {
    for (const listener of this.listeners) await listener.afterDelivery(request);
  }
}
