import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace for follow-up ids. Changing it would make every follow-up look new. */
const FOLLOW_UP_NAMESPACE = 'b4a0d0f2-6c1e-4c4e-8f0a-7a3e1d2c9b57';

/** The one follow-up of (incident, subscriber): a resolution delivered twice (sms and email) asks once. */
export function followUpId(incidentId: string, subscriberId: string): string {
  return uuidv5(`${incidentId}:${subscriberId}`, FOLLOW_UP_NAMESPACE);
}

/** What a follow-up sends or publishes, each at most once. */
export type FollowUpPurpose = 'question' | 'acknowledgement' | 'trouble-reported';

/** The message (or event) id of one purpose of a follow-up: a crash or a second replica sends it once. */
export function followUpMessageId(followUpId: string, purpose: FollowUpPurpose): string {
  return uuidv5(`${followUpId}:${purpose}`, FOLLOW_UP_NAMESPACE);
}
