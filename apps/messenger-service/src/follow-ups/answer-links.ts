import { createHmac, timingSafeEqual } from 'node:crypto';
import { FollowUpAnswer } from './follow-up.entity';

/** HMAC-SHA256 of (follow-up, answer): a link answers only the follow-up and the answer it was made for. */
export function signAnswer(secret: string, followUpId: string, answer: FollowUpAnswer): string {
  return createHmac('sha256', secret).update(`${followUpId}:${answer}`).digest('base64url');
}

/** Whether `signature` was made by signAnswer with this secret; compared in constant time. */
export function verifyAnswer(secret: string, followUpId: string, answer: string, signature: string): boolean {
  if (answer !== 'yes' && answer !== 'trouble') return false;
  const expected = Buffer.from(signAnswer(secret, followUpId, answer));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The one-click link of one answer in a follow-up email. */
export function answerLink(publicUrl: string, secret: string, followUpId: string, answer: FollowUpAnswer): string {
  const query = new URLSearchParams({ answer, signature: signAnswer(secret, followUpId, answer) });
  return `${publicUrl}/follow-ups/${followUpId}/answer?${query}`;
}
