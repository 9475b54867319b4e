import { FollowUpAnswer } from './follow-up.entity';

/**
 * What an inbound text means for a follow-up: exactly "1" (yes, it works) or "2" (still having trouble), spaces
 * around it aside. Anything else is not an answer — in particular STOP, START, HELP and their synonyms, which
 * carriers and the compliance work (issue 6) handle, and words like "yes", which could be meant for anything.
 */
export function parseSmsAnswer(body: string): FollowUpAnswer | null {
  const text = body.trim();
  if (text === '1') return 'yes';
  if (text === '2') return 'trouble';
  return null;
}
