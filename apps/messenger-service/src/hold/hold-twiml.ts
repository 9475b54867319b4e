import { twiml } from 'twilio';

/** Seconds of hold music (or silence) between announcements. */
const PAUSE_SECONDS = 20;
/** Seconds Twilio waits for a key after the announcement before the loop goes on. */
const GATHER_TIMEOUT_SECONDS = 3;
const VOICE = { voice: 'Polly.Joanna', language: 'en-US' } as const;

export const SMS_UPDATES_CONFIRMATION = 'Thank you. You will get text updates at the number you are calling from.';
export const SMS_UPDATES_FAILED = 'Sorry, we could not set up text updates just now. Please press 1 again after the next announcement.';

function regionQuery(region?: string): string {
  return region ? `region=${encodeURIComponent(region)}` : '';
}

/** Back to the announcement, relative to /hold-message/…, so the caller keeps hearing the latest. */
function loop(response: twiml.VoiceResponse, region?: string): void {
  const query = regionQuery(region);
  response.redirect({ method: 'POST' }, query ? `twiml?${query}` : 'twiml');
}

/** Say the announcement, pause, come back for the latest one. */
export function announcementTwiml(text: string, region?: string): string {
  const response = new twiml.VoiceResponse();
  response.say(VOICE, text);
  response.pause({ length: PAUSE_SECONDS });
  loop(response, region);
  return response.toString();
}

/**
 * A known caller's announcement inside a `<Gather>`: a key pressed while it plays goes to `gatherUrl` (which
 * names the incident); no key, and the loop goes on as for everyone.
 */
export function personalTwiml(text: string, gatherUrl: string, region?: string): string {
  const response = new twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, action: gatherUrl, method: 'POST', timeout: GATHER_TIMEOUT_SECONDS });
  gather.say(VOICE, text);
  response.pause({ length: PAUSE_SECONDS });
  loop(response, region);
  return response.toString();
}

/** The gather URL for one incident, absolute so Twilio signs (and we verify) exactly what we publish. */
export function gatherUrl(publicUrl: string, incidentId: string, region?: string): string {
  const query = [`incidentId=${encodeURIComponent(incidentId)}`, regionQuery(region)].filter(Boolean).join('&');
  return `${publicUrl}/hold-message/gather?${query}`;
}

/** After a key press: an optional word, then straight back to the loop. */
export function afterGatherTwiml(say: string | null, region?: string): string {
  const response = new twiml.VoiceResponse();
  if (say) response.say(VOICE, say);
  loop(response, region);
  return response.toString();
}
