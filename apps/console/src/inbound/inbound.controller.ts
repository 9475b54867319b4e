import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { MessengerServiceComponents } from '@prespond/contracts';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { Allow, ConsoleRequest, Person } from '../sessions/access';
import { formatInstant, zoneOf } from '../views/time';
import { Views } from '../views/views';
import { INBOUND_TEXT as T } from './inbound.text';
import { fill } from '../views/fill';

type InboundSms = MessengerServiceComponents['schemas']['InboundSmsResponse'];

/** Texts to review per page, and reviewed ones shown below them. */
const PAGE = 50;
const REVIEWED_SHOWN = 10;
/** Twilio's MessageSid (as the messenger takes it: 1–64 characters); anything else is no text of ours. */
const SID = /^[A-Za-z0-9]{1,64}$/;

function row(text: InboundSms, zone: string) {
  const at = formatInstant(text.receivedAt, zone);
  return {
    sid: text.sid,
    from: text.from,
    findHref: `/customers?q=${encodeURIComponent(text.from)}`,
    body: text.body,
    received: at,
    understood: text.flagReason ?? T.handledAs[text.handledAs],
    kind: T.handledAs[text.handledAs],
    twilio: text.optOutType ? fill(T.twilioOptOut, { type: text.optOutType }) : undefined,
    reviewedAt: formatInstant(text.reviewedAt, zone),
    reviewFor: fill(T.reviewFor, { from: text.from, at }),
  };
}

/**
 * Texts from customers that need a person (the messenger flags those that sound like a wish to stop but are no
 * keyword): what she wrote and what was understood, and a button to mark each reviewed.
 */
@ApiExcludeController()
@Allow('ops')
@Controller('inbound')
export class InboundController {
  constructor(
    private readonly services: ServicesClient,
    private readonly views: Views,
  ) {}

  @Get()
  async list(@Person() person: StaffAccount, @Req() request: ConsoleRequest, @Res() response: Response, @Query('cursor') cursor?: unknown, @Query('done') done?: unknown): Promise<void> {
    const zone = zoneOf(request);
    const api = this.services.for(person).messenger;
    const after = typeof cursor === 'string' && cursor ? cursor : undefined;
    const [open, reviewed] = await Promise.all([
      answer('messenger', api.GET('/inbound-sms', { params: { query: { flagged: true, reviewed: false, limit: PAGE, ...(after ? { cursor: after } : {}) } } })),
      answer('messenger', api.GET('/inbound-sms', { params: { query: { flagged: true, reviewed: true, limit: REVIEWED_SHOWN } } })),
    ]);
    const notice = done === 'gone' ? T.gone : done === 'reviewed' ? T.done : undefined;
    const html = this.views.page(request, 'inbound/inbound', {
      title: T.title,
      t: T,
      notice,
      open: open.items.map((t) => row(t, zone)),
      more: open.nextCursor ? `/inbound?cursor=${encodeURIComponent(open.nextCursor)}` : undefined,
      reviewed: reviewed.items.map((t) => row(t, zone)),
    });
    response.type('html').send(html);
  }

  /** Marks one text reviewed, then back to the list (its notice names nobody: no number in a URL). */
  @Post(':sid/review')
  async review(@Person() person: StaffAccount, @Param('sid') sid: string, @Res() response: Response): Promise<void> {
    if (!SID.test(sid)) return void response.redirect(303, '/inbound?done=gone');
    try {
      await answer('messenger', this.services.for(person).messenger.POST('/inbound-sms/{sid}/review', { params: { path: { sid } } }));
      response.redirect(303, '/inbound?done=reviewed');
    } catch (error) {
      // Reviewed by someone else meanwhile, or no such text: nothing to do, and the list says so.
      if (error instanceof ServiceRefused && [404, 409].includes(error.status)) return void response.redirect(303, '/inbound?done=gone');
      throw error;
    }
  }
}
