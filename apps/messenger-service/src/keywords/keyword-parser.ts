/**
 * What an inbound text means before anything else looks at it: a compliance keyword, a wish to stop in her own words
 * (kept for a person to read), or ordinary text (a follow-up answer, or nothing we act on).
 *
 * Keywords follow the carriers' rules (CTIA, and Twilio's defaults): the whole body is exactly one keyword, in any
 * case, spaces around it aside. "Stop texting me" is not STOP: acting on free text would opt out people who did not
 * mean to (and miss those who phrase it differently), so it is flagged for review instead.
 */

/** The three families of keywords carriers require us to honour. */
export type SmsKeyword = 'stop' | 'start' | 'help';

/** Each keyword and its family. "YES" resumes texts (carriers' convention): follow-up answers are "1" and "2" only. */
export const SMS_KEYWORDS: Readonly<Record<string, SmsKeyword>> = {
  STOP: 'stop',
  STOPALL: 'stop',
  UNSUBSCRIBE: 'stop',
  CANCEL: 'stop',
  END: 'stop',
  QUIT: 'stop',
  REVOKE: 'stop',
  OPTOUT: 'stop',
  START: 'start',
  UNSTOP: 'start',
  YES: 'start',
  HELP: 'help',
  INFO: 'help',
};

/** Twilio's `OptOutType` webhook parameter (Advanced Opt-Out), as it names the three families. */
const OPT_OUT_TYPES: Readonly<Record<string, SmsKeyword>> = { STOP: 'stop', START: 'start', HELP: 'help' };

/**
 * Free text that sounds like "stop sending me this". Deliberately broad: a false flag costs a person a glance, a
 * missed one costs a complaint. "End" and "cancel" alone are common words ("when will the outage end?"), so they
 * count only next to texts or messages.
 */
const OPT_OUT_WISHES: { pattern: RegExp; reason: string }[] = [
  { pattern: /\b(stop|stopall|unsubscribe|unsub|quit|revoke|opt[\s-]?out)\b/i, reason: 'names a STOP keyword in a longer text' },
  { pattern: /\b(cancel|end)\b.{0,20}\b(texts?|texting|messages?|messaging|sms|notifications?|alerts?|subscription)\b/i, reason: 'asks to end the texts' },
  { pattern: /\bno more\b.{0,20}\b(texts?|messages?|sms|notifications?|alerts?|spam)\b/i, reason: 'asks for no more messages' },
  { pattern: /\b(don'?t|do not|never|quit)\b.{0,20}\b(text|message|contact|sms|send|write)\b/i, reason: 'asks not to be texted' },
  { pattern: /\b(remove|delete|take)\b.{0,15}\b(me|my number|my phone)\b/i, reason: 'asks to be removed' },
  { pattern: /\bleave me alone\b/i, reason: 'asks to be left alone' },
];

/** What an inbound text is. */
export type InboundMeaning =
  /** A keyword: `word` is what she sent (upper-cased) or Twilio's OptOutType; `byTwilio`: Twilio recognised it (and answered). */
  | { kind: 'keyword'; keyword: SmsKeyword; word: string; byTwilio: boolean }
  /** Not a keyword but sounds like a wish to stop: kept for a person, with why it was flagged. */
  | { kind: 'flagged'; reason: string }
  /** Anything else: a follow-up answer ("1", "2") or text we do not act on. */
  | { kind: 'text' };

/** The keyword family of a whole body, or null: exactly one keyword, any case, surrounding whitespace ignored. */
export function parseKeyword(body: string): SmsKeyword | null {
  return SMS_KEYWORDS[body.trim().toUpperCase()] ?? null;
}

/** Why free text sounds like a wish to stop texts, or null. */
export function optOutWish(body: string): string | null {
  const text = body.trim();
  if (!text) return null;
  return OPT_OUT_WISHES.find((w) => w.pattern.test(text))?.reason ?? null;
}

/**
 * Classifies an inbound text. Twilio's `OptOutType` wins when present: Twilio matched one of its keywords (possibly
 * a custom one, "ARRÊT" say) and has already applied and answered it. An OptOutType we do not know is ignored.
 */
export function parseInboundSms(body: string, optOutType?: string | null): InboundMeaning {
  const fromTwilio = optOutType ? OPT_OUT_TYPES[optOutType.trim().toUpperCase()] : undefined;
  if (fromTwilio) return { kind: 'keyword', keyword: fromTwilio, word: optOutType!.trim().toUpperCase(), byTwilio: true };
  const keyword = parseKeyword(body);
  if (keyword) return { kind: 'keyword', keyword, word: body.trim().toUpperCase(), byTwilio: false };
  const reason = optOutWish(body);
  if (reason) return { kind: 'flagged', reason };
  return { kind: 'text' };
}
