/**
 * What a person typed to find a customer, read as one kind of contact, so each kind is matched the way it is stored:
 * - an email address (it has an @): the whole address, in lower case as stored (the email index);
 * - a phone number (digits with + ( ) - . / and spaces, at least 6 digits): in international form (+49…, 0049…) the
 *   exact E.164 number (the phone index); in national form (0151…) the numbers ending in its digits without the
 *   leading zeros, whatever the country code;
 * - anything else: part of her name, any case.
 */
export type SubscriberSearch = { email: string } | { phone: string } | { phoneEndsWith: string } | { nameContains: string };

const PHONE_LIKE = /^[+\d\s().\/-]+$/;

export function readSearch(term: string): SubscriberSearch {
  const text = term.trim();
  if (text.includes('@')) return { email: text.toLowerCase() };
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= 6) {
    if (text.startsWith('+')) return { phone: `+${digits}` };
    if (digits.startsWith('00')) return { phone: `+${digits.slice(2)}` };
    return { phoneEndsWith: digits.replace(/^0+/, '') };
  }
  return { nameContains: text };
}

/** `text` for a LIKE pattern: its own % _ and \ match themselves. */
export const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
