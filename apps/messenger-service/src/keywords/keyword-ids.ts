import { v5 as uuidv5 } from 'uuid';
import { SmsKeyword } from './keyword-parser';

/** Fixed namespace for keyword answers. Changing it would make every answer look new (and send it again). */
const KEYWORD_NAMESPACE = '8e2b6f4d-1c3a-4f7e-9b5d-2a6c8e0f1b37';

/**
 * The message id of our answer to one inbound text: derived from Twilio's MessageSid, so a webhook Twilio retries (or
 * two replicas handling it at once) claims the same message and sends it once.
 */
export function keywordAnswerId(inboundSid: string, keyword: SmsKeyword): string {
  return uuidv5(`${inboundSid}:${keyword}`, KEYWORD_NAMESPACE);
}
