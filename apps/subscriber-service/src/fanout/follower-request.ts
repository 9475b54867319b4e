import { IncidentChangedEvent, recipientFor } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { IncidentFollower } from '../follows/follows.repository';
import { notificationId } from './notification-id';
import { notificationRequested } from './notification-requests';

/**
 * The text for one follower of the incident. Its id is the one the matched fan-out gives (update, subscriber, sms),
 * so a follower who is also matched by her profile gets the update once. A follower the incident does not touch by
 * her profile reads it in the incident's own terms.
 */
export function followerRequest(event: IncidentChangedEvent, { subscriber, follow }: IncidentFollower): OutgoingEvent {
  const { incident, update } = event.data;
  const recipient = recipientFor(subscriber, incident, follow.address);
  if (recipient.affectedComponents.length === 0) {
    recipient.affectedComponents = incident.components;
    recipient.affectedRegions = incident.regions;
  }
  return notificationRequested({ notificationId: notificationId(update.id, subscriber.id, follow.channel), channel: follow.channel, template: event.type, recipient, incident, update });
}
