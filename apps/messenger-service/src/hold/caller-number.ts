import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The caller's number in E.164 (`+4915112345678`), as subscriber profiles store it, or null when there is none to
 * match: Twilio sends `anonymous`, `client:…` or `sip:…` for withheld and app callers. An international `00` prefix
 * is read as `+`; a national number cannot be placed without a country and is not guessed.
 */
export function callerNumber(from: string | undefined): string | null {
  if (!from) return null;
  const compact = from.trim().replace(/[\s().-]/g, '').replace(/^00/, '+');
  if (!compact.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(compact);
  return parsed && parsed.isValid() ? parsed.number : null;
}
