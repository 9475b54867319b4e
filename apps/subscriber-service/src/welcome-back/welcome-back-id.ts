import { v5 as uuidv5 } from 'uuid';
import { Channel } from '@prespond/contracts';

/** Fixed namespace for welcome-back ids. Changing it would make every return already planned look new. */
const WELCOME_BACK_NAMESPACE = '2b9d4f0e-8c61-4c2a-b7e5-5a3f1d9e6c70';

/**
 * The id of the welcome-back for the return that ended her absence since `awaySince`: one absence, one id, however
 * often the activity that ended it is reported. It is also the id of its marketing contact (the frequency cap).
 */
export function welcomeBackId(subscriberId: string, awaySince: Date): string {
  return uuidv5(`welcome-back:${subscriberId}:${awaySince.toISOString()}`, WELCOME_BACK_NAMESPACE);
}

/** The message id of a welcome-back on one channel: queued twice, it is sent once (the messenger claims the id). */
export function welcomeBackMessageId(welcomeBackId: string, channel: Channel): string {
  return uuidv5(`welcome-back-message:${welcomeBackId}:${channel}`, WELCOME_BACK_NAMESPACE);
}
