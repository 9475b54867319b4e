import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_PAGE_CONFIG, StatusPageConfig } from '../config/env';
import { Publisher } from '../publication/publisher';
import { SubscribePage } from '../pages/pages';
import { SlidingWindowLimit } from './rate-limit';
import { cadenceChoices, consentWording, FormValues, readForm, SubscriberServiceAnswer, toRequest, wordsFor, zones } from './subscribe-form';

/**
 * Subscribing from the status page: the form, then the confirmation by the link in her email (a page with a button:
 * mail scanners that open links confirm nothing) or by the code we texted. subscriber-service keeps the requests and
 * sends the one confirmation; these pages only carry what she typed there and back, and are never cached.
 */
/** How the form names its fields in the error summary. */
const FIELD_NAMES: Record<string, string> = {
  name: 'Your first name',
  channel: 'How should we tell you',
  email: 'Email address',
  phone: 'Mobile number',
  components: 'Which services',
  regions: 'Where',
  timeZone: 'Your time zone',
  consent: 'The consent box',
};

@Controller('subscribe')
export class SubscribeController {
  private readonly perAddress: SlidingWindowLimit;

  constructor(
    private readonly publisher: Publisher,
    @Inject(STATUS_PAGE_CONFIG) private readonly config: StatusPageConfig,
  ) {
    this.perAddress = new SlidingWindowLimit(config.subscribePerHour, 3_600_000);
  }

  @Get()
  form(@Res() response: Response): void {
    this.formPage(response, { channel: 'email', components: this.config.components.map((c) => c.tag), regions: [], cadence: '', timeZone: this.config.timeZone }, {});
  }

  @Post()
  async subscribe(@Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    if (!this.sameOrigin(request)) return this.problem(response, 403, 'We could not take this form', 'It was not sent from our status page.');
    if (!this.perAddress.take(request.ip ?? 'unknown', Date.now())) {
      response.setHeader('retry-after', '3600');
      return this.problem(response, 429, 'Too many requests', 'We had many subscription requests from your network in the last hour. Please try again later.');
    }
    const values = readForm(body);
    const answer = await this.call('/self-subscriptions', toRequest(values, consentWording(this.config.brand)));
    if (answer.status === 400) return this.formPage(response, values, answer.fieldErrors, 400);
    if (answer.status !== 202) return this.unavailable(response);
    const { id, expiresAt } = answer.body as { id: string; expiresAt: string };
    if (values.channel === 'sms') return this.render(response, 200, 'code', 'Enter your code', { request: id, expiresAt, errors: [], fieldErrors: {} });
    this.render(response, 200, 'sent', 'Check your email', { address: values.email, expiresAt });
  }

  @Post('code')
  async confirmCode(@Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    if (!this.sameOrigin(request)) return this.problem(response, 403, 'We could not take this form', 'It was not sent from our status page.');
    const id = String(body.request ?? '');
    const expiresAt = String(body.expiresAt ?? '');
    if (!/^[0-9a-f-]{36}$/.test(id)) return this.problem(response, 400, 'Something is missing', 'This form lost track of your request: please subscribe again.');
    const answer = await this.call(`/self-subscriptions/${id}/confirm`, { code: String(body.code ?? '') });
    if (answer.status === 400) {
      const errors = [{ field: 'code', message: `Code: ${answer.fieldErrors.code ?? 'please check it'}` }];
      return this.render(response, 400, 'code', 'Enter your code', { request: id, expiresAt, errors, fieldErrors: { code: answer.fieldErrors.code ?? 'Please check the code' } });
    }
    this.finish(response, answer);
  }

  @Get('confirm')
  confirmPage(@Query('token') token: string | undefined, @Res() response: Response): void {
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return this.problem(response, 400, 'This link is not complete', 'Please open the link from our email again, or copy all of it.');
    this.render(response, 200, 'confirm', 'Confirm your subscription', { token });
  }

  @Post('confirm')
  async confirm(@Req() request: Request, @Body() body: Record<string, unknown>, @Res() response: Response): Promise<void> {
    if (!this.sameOrigin(request)) return this.problem(response, 403, 'We could not take this form', 'It was not sent from our status page.');
    this.finish(response, await this.call('/self-subscriptions/confirm', { token: String(body.token ?? '') }));
  }

  private finish(response: Response, answer: SubscriberServiceAnswer): void {
    if (answer.status === 200) {
      const done = answer.body as { channel: 'sms' | 'email'; components: string[]; regions: string[] };
      return this.render(response, 200, 'done', 'You are subscribed', {
        how: done.channel === 'sms' ? 'by text' : 'by email',
        services: wordsFor(done.components, this.config.components),
        regions: wordsFor(done.regions, this.config.regions),
      });
    }
    if (answer.status === 404) return this.problem(response, 404, 'We do not know this request', 'The link or code is not one of ours, or a newer one replaced it.');
    if (answer.status === 410) return this.problem(response, 410, 'This request has expired', 'Confirmations work for a limited time. Please subscribe again.');
    if (answer.status === 409) return this.problem(response, 409, 'Too many wrong codes', answer.message ?? 'Please subscribe again later.');
    this.unavailable(response);
  }

  private formPage(response: Response, values: FormValues, fieldErrors: Record<string, string>, status = 200): void {
    const order = ['name', 'channel', 'email', 'phone', 'components', 'regions', 'consent'];
    const errors = Object.entries(fieldErrors)
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([field, reason]) => ({ field, message: `${FIELD_NAMES[field] ?? field}: ${reason}` }));
    this.render(response, status, 'form', 'Get status updates', {
      values: { ...values, consent: values.consent },
      errors,
      fieldErrors,
      components: this.config.components.map((c) => ({ ...c, checked: values.components.includes(c.tag) })),
      regions: this.config.regions.map((r) => ({ ...r, checked: values.regions.includes(r.tag) })),
      cadences: cadenceChoices(values.cadence),
      zones: zones(),
      wording: consentWording(this.config.brand),
    });
  }

  private problem(response: Response, status: number, heading: string, message: string): void {
    this.render(response, status, 'problem', heading, { heading, message });
  }

  private unavailable(response: Response): void {
    this.problem(response, 503, 'We could not do this just now', `Please try again in a few minutes, or contact us: ${this.config.contact}.`);
  }

  private render(response: Response, status: number, page: SubscribePage, title: string, data: Record<string, unknown>): void {
    response.status(status).setHeader('cache-control', 'no-store');
    response.type('html').send(this.publisher.renderer.subscribePage(page, title, data));
  }

  /** Forms post only from the page itself (a browser says where from; a client that says nothing is let through). */
  private sameOrigin(request: Request): boolean {
    const origin = request.headers.origin;
    if (!origin) return request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin';
    return origin === this.config.publicUrl || origin === `http://${request.headers.host}` || origin === `https://${request.headers.host}`;
  }

  /** POSTs JSON to subscriber-service: its answer, with its 400 reasons by field. */
  private async call(path: string, body: unknown): Promise<SubscriberServiceAnswer> {
    try {
      const response = await fetch(`${this.config.subscriberUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.serviceTimeoutMs),
      });
      const json = (await response.json().catch(() => ({}))) as { errors?: { field: string; reason: string }[]; message?: string };
      const fieldErrors: Record<string, string> = {};
      for (const e of json.errors ?? []) fieldErrors[e.field] ??= e.reason;
      return { status: response.status, body: json, fieldErrors, message: typeof json.message === 'string' ? json.message : undefined };
    } catch {
      return { status: 503, body: {}, fieldErrors: {} };
    }
  }
}
