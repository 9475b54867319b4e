import twilio, { Twilio } from 'twilio';
import RequestClient from 'twilio/lib/base/RequestClient';
import { PROVIDER_CALL_TIMEOUT_MS } from '../../channel-provider';

/**
 * The SDK's own HTTP client, with every request sent to `baseUrl` instead of Twilio's hosts: this is how the
 * unmodified SDK talks to the local Twilio sandbox in development and tests.
 */
export class RedirectingRequestClient extends RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ keepAlive: true, timeout: PROVIDER_CALL_TIMEOUT_MS });
  }

  request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request({ ...opts, uri: opts.uri.replace(/^https:\/\/[^/]+/, this.baseUrl.replace(/\/$/, '')) });
  }
}

/** A Twilio client: real Twilio, or the sandbox at `apiUrl` when one is configured. */
export function createTwilioClient(accountSid: string, authToken: string, apiUrl?: string): Twilio {
  return twilio(accountSid, authToken, apiUrl ? { httpClient: new RedirectingRequestClient(apiUrl) } : { autoRetry: true, timeout: PROVIDER_CALL_TIMEOUT_MS });
}
