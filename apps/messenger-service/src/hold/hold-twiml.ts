import { twiml } from 'twilio';

/** Seconds of hold music (or silence) between announcements. */
const PAUSE_SECONDS = 20;
/** Seconds Twilio waits for a key after the announcement before the loop goes on. */
const GATHER_TIMEOUT_SECONDS = 3;
const VOICE = { voice: 'Polly.Joanna', language: 'en-US' } as const;

export const SMS_UPDATES_CONFIRMATION = 'Thank you. You will get text updates at the number you are calling from.';
export const SMS_UPDATES_FAILED = 'Sorry, we could not set up text updates just now. Please press 1 again after the next announcement.';

/** Where the loop goes on: the caller's region, and the incident she asked texts about in this call, if any. */
export interface LoopState {
  region?: string;
  following?: string;
}

function query(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${encodeURIComponent(value!)}`)
    .join('&');
}

/** Back to the announcement, relative to /hold-message/…, so the caller keeps hearing the latest. */
function loop(response: twiml.VoiceResponse, state: LoopState): void {
  const q = query({ region: state.region, following: state.following });
  response.redirect({ method: 'POST' }, q ? `twiml?${q}` : 'twiml');
}

/** Say the announcement, pause, come back for the latest one. */
export function announcementTwiml(text: string, state: LoopState): string {
  const response = new twiml.VoiceResponse();
  response.say(VOICE, text);
  response.pause({ length: PAUSE_SECONDS });
  loop(response, state);
  return response.toString();
}

/**
 * A known caller's announcement inside a `<Gather>`: a key pressed while it plays goes to `gatherUrl` (which
 * names the incident); no key, and the loop goes on as for everyone.
 */
export function personalTwiml(text: string, gatherUrl: string, state: LoopState): string {
  const response = new twiml.VoiceResponse();
  const gather = response.gather({ numDigits: 1, action: gatherUrl, method: 'POST', timeout: GATHER_TIMEOUT_SECONDS });
  gather.say(VOICE, text);
  response.pause({ length: PAUSE_SECONDS });
  loop(response, state);
  return response.toString();
}

/** The gather URL for one incident, absolute so Twilio signs (and we verify) exactly what we publish. */
export function gatherUrl(publicUrl: string, incidentId: string, region?: string): string {
  return `${publicUrl}/hold-message/gather?${query({ incidentId, region })}`;
}

/** After a key press: an optional word, then straight back to the loop. */
export function afterGatherTwiml(say: string | null, state: LoopState): string {
  const response = new twiml.VoiceResponse();
  if (say) response.say(VOICE, say);
  loop(response, state);
  return response.toString();
}
