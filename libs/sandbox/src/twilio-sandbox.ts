import { randomBytes } from 'node:crypto';
import { Agent, Server as HttpServer, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AddressInfo } from 'node:net';
import express, { NextFunction, Request, Response } from 'express';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/** A Message resource as Twilio's REST API returns it (snake_case, RFC 2822 dates). */
export interface SandboxMessage {
  sid: string;
  account_sid: string;
  api_version: '2010-04-01';
  from: string | null;
  to: string;
  body: string;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered';
  direction: 'outbound-api';
  num_segments: string;
  num_media: '0';
  messaging_service_sid: string | null;
  error_code: number | null;
  error_message: string | null;
  price: null;
  price_unit: 'USD';
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  uri: string;
  subresource_uris: Record<string, string>;
  /** Not part of Twilio's resource: where status callbacks go. Kept out of API answers. */
  status_callback?: string;
  /**
   * Not part of Twilio's resource: when the sandbox accepted the message, ISO 8601 with milliseconds (Twilio's dates
   * have whole seconds), to measure sending rates. Kept out of API answers; in `/sandbox/messages`.
   */
  accepted_at: string;
}

export interface StatusCallbackRecord {
  url: string;
  params: Record<string, string>;
  responseStatus: number | 'unreachable';
}

/**
 * Twilio's magic test "To" numbers and the errors Twilio answers with when they are used with test
 * credentials (https://www.twilio.com/docs/iam/test-credentials).
 */
export const TWILIO_TEST_NUMBER_ERRORS: Record<string, { code: number; message: string }> = {
  '+15005550001': { code: 21211, message: "The 'To' number +15005550001 is not a valid phone number." },
  '+15005550002': { code: 21612, message: "The 'To' phone number: +15005550002, is not currently reachable using the 'From' phone number via SMS." },
  '+15005550003': { code: 21408, message: 'Permission to send an SMS has not been enabled for the region indicated by the \'To\' number: +15005550003.' },
  '+15005550004': { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
  '+15005550009': { code: 21614, message: "'To' number is not a valid mobile number" },
};

export interface TwilioSandboxOptions {
  port?: number;
  /** Interface to listen on; loopback by default. */
  host?: string;
  accountSid: string;
  authToken: string;
  /** Delay between the status callbacks queued → sent → delivered. */
  callbackDelayMs?: number;
  /** Messages per second each `From` number may send (see limitRate); numbers not listed are not limited. */
  rateLimits?: Record<string, number>;
}

/** A sender's allowance: a one-second bucket of max(1, rate) messages, refilled at its rate. */
interface RateBucket {
  perSecond: number;
  tokens: number;
  refilledAt: number;
}

/** GSM-7 texts fit 160 characters in one segment (153 per part when split); anything else 70 (67). */
function segmentsOf(body: string): number {
  const gsm = /^[\x20-\x7E\n\r£¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà€]*$/.test(body);
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  return body.length <= single ? 1 : Math.ceil(body.length / multi);
}

/**
 * A local server speaking the part of Twilio's REST API Prespond uses, so the unmodified `twilio` SDK can be
 * pointed at it in development and tests: create, fetch and list Messages (basic auth), signed status callbacks,
 * Twilio's documented test numbers failing as they do with test credentials, and optionally per-sender rate limits
 * answered with 429. Everything is kept in memory.
 */
export class TwilioSandbox {
  readonly messages: SandboxMessage[] = [];
  readonly callbacks: StatusCallbackRecord[] = [];
  /** Every refused create: by an injected fault (see failNext), a Twilio test number or a sender's rate limit. */
  readonly refusals: { to: string; status: number; code: number }[] = [];
  private faults: number[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly buckets = new Map<string, RateBucket>();
  /** Messages by sid, for fetch (the list above keeps their order). */
  private readonly bySid = new Map<string, SandboxMessage>();
  /** Status callbacks go out on kept-alive connections, as Twilio's do (three per text in a fan-out). */
  private readonly agents = { http: new Agent({ keepAlive: true, maxSockets: 64 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

  private constructor(
    private readonly server: HttpServer,
    readonly options: TwilioSandboxOptions,
  ) {
    for (const [from, perSecond] of Object.entries(options.rateLimits ?? {})) this.limitRate(from, perSecond);
  }

  /** Creates refused with 429 Too Many Requests: by a sender's rate limit or an injected fault. */
  get tooManyRequests(): number {
    return this.refusals.filter((r) => r.status === 429).length;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: TwilioSandboxOptions): Promise<TwilioSandbox> {
    const app = express();
    const holder: { sandbox?: TwilioSandbox } = {};
    app.use(express.urlencoded({ extended: false }));
    const base = '/2010-04-01/Accounts/:accountSid';
    const auth = (req: Request, res: Response, next: NextFunction) => holder.sandbox!.authenticate(req, res, next);
    app.get(`${base}.json`, auth, (req, res) => holder.sandbox!.account(res));
    app.post(`${base}/Messages.json`, auth, (req, res) => holder.sandbox!.create(req, res));
    app.get(`${base}/Messages.json`, auth, (req, res) => holder.sandbox!.list(req, res));
    app.get(`${base}/Messages/:sid.json`, auth, (req, res) => holder.sandbox!.fetch(req, res));
    // Plain JSON views for people and scripts (not part of Twilio's API).
    app.get('/sandbox/messages', (req, res) => {
      const to = typeof req.query.to === 'string' ? req.query.to : undefined;
      res.json(holder.sandbox!.messages.filter((m) => !to || m.to === to).map(({ status_callback: _hidden, ...message }) => message));
    });
    app.get('/sandbox/callbacks', (_req, res) => res.json(holder.sandbox!.callbacks));
    app.post('/sandbox/faults', express.json(), (req, res) => {
      holder.sandbox!.failNext(Number(req.body?.count ?? 1), Number(req.body?.status ?? 500));
      res.status(204).end();
    });
    // Plays the phone system for people trying the hold webhooks: posts `params` to `url`, signed as Twilio signs.
    app.post('/sandbox/webhooks', express.json(), async (req, res) => {
      const { url, params = {} } = req.body ?? {};
      if (typeof url !== 'string' || typeof params !== 'object') return void res.status(400).json({ error: 'need {"url": string, "params": object}' });
      const signature = holder.sandbox!.sign(url, params);
      const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature };
      const answer = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params) }).catch(() => undefined);
      if (!answer) return void res.status(502).json({ error: `${url} unreachable` });
      res.status(answer.status).type(answer.headers.get('content-type') ?? 'text/plain').send(await answer.text());
    });
    app.delete('/sandbox/messages', (_req, res) => {
      holder.sandbox!.messages.length = 0;
      holder.sandbox!.callbacks.length = 0;
      holder.sandbox!.refusals.length = 0;
      res.status(204).end();
    });
    const server = await new Promise<HttpServer>((resolve) => {
      const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    });
    holder.sandbox = new TwilioSandbox(server, options);
    return holder.sandbox;
  }

  private error(res: Response, status: number, code: number, message: string): void {
    res.status(status).json({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers.authorization ?? '';
    const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64').toString().split(':');
    if (!header.startsWith('Basic ') || user !== this.options.accountSid || password !== this.options.authToken) {
      this.error(res, 401, 20003, 'Authenticate');
    } else if (req.params.accountSid !== this.options.accountSid) {
      this.error(res, 404, 20404, `The requested resource ${req.path} was not found`);
    } else {
      next();
    }
  }

  /**
   * Makes the next `count` message creates fail with HTTP `status` (429 Too Many Requests, 500, 503…), as Twilio
   * does under load or during an incident of its own. Nothing is stored for a refused create.
   */
  failNext(count: number, status: number): void {
    this.faults.push(...Array.from({ length: count }, () => status));
  }

  /**
   * Holds `from` to `perSecond` messages a second, as carriers and Twilio hold a number: a create beyond a burst of
   * max(1, perSecond) is answered 429 (code 20429) and not stored. undefined lifts the limit.
   */
  limitRate(from: string, perSecond: number | undefined): void {
    if (perSecond === undefined) return void this.buckets.delete(from);
    if (!(perSecond > 0)) throw new Error(`a rate limit must be positive, not ${perSecond}`);
    this.buckets.set(from, { perSecond, tokens: Math.max(1, perSecond), refilledAt: Date.now() });
  }

  /** Takes one message from `from`'s bucket; false when it is empty (the sender is over its rate). */
  private withinRate(from: string, now: number): boolean {
    const bucket = this.buckets.get(from);
    if (!bucket) return true;
    bucket.tokens = Math.min(Math.max(1, bucket.perSecond), bucket.tokens + ((now - bucket.refilledAt) / 1000) * bucket.perSecond);
    bucket.refilledAt = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private account(res: Response): void {
    res.json({ sid: this.options.accountSid, friendly_name: 'Prespond sandbox', status: 'active', type: 'Full' });
  }

  private create(req: Request, res: Response): void {
    const fault = this.faults.shift();
    if (fault !== undefined) {
      const code = fault === 429 ? 20429 : 20500;
      this.refusals.push({ to: String(req.body?.To), status: fault, code });
      return this.error(res, fault, code, fault === 429 ? 'Too Many Requests' : 'Internal Server Error');
    }
    const { To: to, From: from, Body: body, MessagingServiceSid: service, StatusCallback: statusCallback } = req.body ?? {};
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!from && !service) return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return this.error(res, 400, 21602, 'Message body is required.');
    const failure = TWILIO_TEST_NUMBER_ERRORS[to];
    if (failure) {
      this.refusals.push({ to, status: 400, code: failure.code });
      return this.error(res, 400, failure.code, failure.message);
    }
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    const acceptedAt = new Date();
    if (from && !this.withinRate(from, acceptedAt.getTime())) {
      this.refusals.push({ to, status: 429, code: 20429 });
      return this.error(res, 429, 20429, 'Too Many Requests');
    }

    const now = acceptedAt.toUTCString();
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const uri = `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${sid}.json`;
    const message: SandboxMessage = {
      sid,
      account_sid: this.options.accountSid,
      api_version: '2010-04-01',
      from: from ?? null,
      to,
      body,
      status: 'queued',
      direction: 'outbound-api',
      num_segments: String(segmentsOf(body)),
      num_media: '0',
      messaging_service_sid: service ?? null,
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri,
      subresource_uris: { media: uri.replace('.json', '/Media.json') },
      status_callback: statusCallback,
      accepted_at: acceptedAt.toISOString(),
    };
    this.messages.push(message);
    this.bySid.set(sid, message);
    res.status(201).json(publicView(message));
    this.track(this.progress(message));
  }

  private fetch(req: Request, res: Response): void {
    // Messages only ever grow by create; fewer than indexed means someone cleared them (a test, DELETE /sandbox/messages).
    if (this.messages.length < this.bySid.size) {
      this.bySid.clear();
      for (const m of this.messages) this.bySid.set(m.sid, m);
    }
    const message = this.bySid.get(String(req.params.sid));
    if (!message) return this.error(res, 404, 20404, `The requested resource ${req.path} was not found`);
    res.json(publicView(message));
  }

  private list(req: Request, res: Response): void {
    const pageSize = Math.min(Number(req.query.PageSize ?? 50) || 50, 1000);
    const page = Number(req.query.Page ?? 0) || 0;
    const matching = this.messages
      .filter((m) => (!req.query.To || m.to === req.query.To) && (!req.query.From || m.from === req.query.From))
      .slice()
      .reverse(); // newest first, as Twilio lists them
    const slice = matching.slice(page * pageSize, (page + 1) * pageSize);
    const path = `/2010-04-01/Accounts/${this.options.accountSid}/Messages.json`;
    const query = (p: number) => {
      const params = new URLSearchParams();
      for (const key of ['To', 'From']) if (typeof req.query[key] === 'string') params.set(key, req.query[key] as string);
      params.set('PageSize', String(pageSize));
      params.set('Page', String(p));
      return `${path}?${params}`;
    };
    res.json({
      messages: slice.map(publicView),
      page,
      page_size: pageSize,
      start: page * pageSize,
      end: page * pageSize + slice.length - 1,
      uri: query(page),
      first_page_uri: query(0),
      previous_page_uri: page > 0 ? query(page - 1) : null,
      next_page_uri: (page + 1) * pageSize < matching.length ? query(page + 1) : null,
    });
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Moves the message through queued → sent → delivered, calling its StatusCallback at each step. */
  private async progress(message: SandboxMessage): Promise<void> {
    const delay = this.options.callbackDelayMs ?? 20;
    for (const status of ['queued', 'sent', 'delivered'] as const) {
      await new Promise((r) => setTimeout(r, delay));
      message.status = status;
      message.date_updated = new Date().toUTCString();
      if (status === 'sent') message.date_sent = message.date_updated;
      if (message.status_callback) await this.callback(message);
    }
  }

  private async callback(message: SandboxMessage): Promise<void> {
    const url = message.status_callback!;
    const params: Record<string, string> = {
      AccountSid: message.account_sid,
      ApiVersion: message.api_version,
      From: message.from ?? '',
      MessageSid: message.sid,
      MessageStatus: message.status,
      SmsSid: message.sid,
      SmsStatus: message.status,
      To: message.to,
    };
    const signature = getExpectedTwilioSignature(this.options.authToken, url, params);
    const responseStatus = await this.post(url, new URLSearchParams(params).toString(), signature);
    this.callbacks.push({ url, params, responseStatus });
  }

  /** POSTs a signed form to `url`; answers the status, or 'unreachable'. */
  private post(url: string, form: string, signature: string): Promise<number | 'unreachable'> {
    return new Promise((resolve) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form), 'x-twilio-signature': signature },
          timeout: 15_000,
        },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 'unreachable'));
          response.once('error', () => resolve('unreachable'));
        },
      );
      request.once('timeout', () => request.destroy(new Error('timed out')));
      request.once('error', () => resolve('unreachable'));
      request.end(form);
    });
  }

  /** Signs `params` for `url` the way Twilio does, for tests that post webhooks themselves. */
  sign(url: string, params: Record<string, string>): string {
    return getExpectedTwilioSignature(this.options.authToken, url, params);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.agents.http.destroy();
    this.agents.https.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The message as Twilio's API shows it: without the sandbox's own fields. */
function publicView(message: SandboxMessage): Omit<SandboxMessage, 'status_callback' | 'accepted_at'> {
  const { status_callback: _callback, accepted_at: _accepted, ...rest } = message;
  return rest;
}
