import { v5 as uuidv5 } from 'uuid';
import { Channel } from '@prespond/contracts';

/** Fixed namespace for notification ids. Changing it would make every redelivered request look new. */
const NOTIFICATION_NAMESPACE = '6f1c3b2e-5d0a-4e47-9a43-2b7e0f3c9d11';

/**
 * The id of the notification for (incident update, subscriber, channel): the same inputs always give the same id,
 * so an incident event consumed twice plans the same notifications and the messenger sends each once.
 */
export function notificationId(updateId: string, subscriberId: string, channel: Channel): string {
  return uuidv5(`${updateId}:${subscriberId}:${channel}`, NOTIFICATION_NAMESPACE);
}

/**
 * The id of a digest to one subscriber on one channel combining these updates (in order). The same updates always
 * give the same id, so a digest queued twice (a crash between queueing and recording) is sent once; a digest with
 * one more update is a different message.
 */
export function digestNotificationId(updateIds: string[], subscriberId: string, channel: Channel): string {
  return uuidv5(`digest:${updateIds.join(',')}:${subscriberId}:${channel}`, NOTIFICATION_NAMESPACE);
}
