import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { badRequest, Clock, parseInstant } from '@prespond/platform';
import { InboundSmsEntity } from '../follow-ups/follow-up.entity';
import { FollowUpsService, InboundOutcome as FollowUpOutcome } from '../follow-ups/follow-ups.service';
import { InboundSmsPage, InboundSmsResponse, ListInboundSmsQuery, toInboundSmsResponse } from './dto/inbound-sms.dto';
import { parseInboundSms } from './keyword-parser';
import { InboundPosition, InboundSmsRepository } from './inbound-sms.repository';
import { InboundSms, KeywordsService } from './keywords.service';

/** What an inbound text was taken for. `duplicate`: Twilio retried a webhook we already handled. */
export type InboundOutcome = FollowUpOutcome | 'keyword' | 'flagged';

/**
 * Every text customers send us, recorded once per sid and routed by what it is (keyword-parser.ts): a keyword
 * (KeywordsService), a wish to stop in her own words (kept, flagged for ops, never taken as an opt-out), or anything
 * else (FollowUpsService: a bare "1" or "2" answers her follow-up). Also what ops see of them.
 */
@Injectable()
export class InboundSmsService {
  private readonly logger = new Logger(InboundSmsService.name);

  constructor(
    private readonly inbound: InboundSmsRepository,
    private readonly keywords: KeywordsService,
    private readonly followUps: FollowUpsService,
    private readonly clock: Clock,
  ) {}

  async receive(sms: InboundSms): Promise<InboundOutcome> {
    const meaning = parseInboundSms(sms.body, sms.optOutType);
    if (meaning.kind === 'keyword') return this.keywords.handle(sms, meaning);
    if (meaning.kind === 'flagged') return this.flag(sms, meaning.reason);
    return this.followUps.receiveSms(sms);
  }

  /** A page of inbound texts, newest first (`flagged: true`: those kept for review). */
  async list(query: ListInboundSmsQuery): Promise<InboundSmsPage> {
    const limit = query.limit ?? 50;
    const rows = await this.inbound.page({ flagged: query.flagged, reviewed: query.reviewed }, query.cursor ? decodeCursor(query.cursor) : undefined, limit);
    const last = rows[rows.length - 1];
    return { items: rows.map(toInboundSmsResponse), nextCursor: rows.length === limit ? encodeCursor(last) : null };
  }

  /** Ops read a flagged text (and acted on it, or not): it leaves the review list. Marking it again changes nothing. */
  async review(sid: string): Promise<InboundSmsResponse> {
    const sms = await this.inbound.findBySid(sid);
    if (!sms) throw new NotFoundException(`no inbound text ${sid}`);
    if (!sms.flagReason) throw new ConflictException(`inbound text ${sid} was not flagged for review`);
    return toInboundSmsResponse((await this.inbound.markReviewed(sid, this.clock.now())) ?? sms);
  }

  private async flag(sms: InboundSms, reason: string): Promise<InboundOutcome> {
    const row = Object.assign(new InboundSmsEntity(), {
      sid: sms.sid,
      fromNumber: sms.from,
      body: sms.body,
      handledAs: 'flagged',
      followUpId: null,
      keyword: null,
      optOutType: null,
      flagReason: reason,
      reviewedAt: null,
      receivedAt: this.clock.now(),
    });
    if (!(await this.inbound.transaction((manager) => this.inbound.record(manager, row)))) return 'duplicate';
    // Not an opt-out (only the exact keywords are), but a person should read it: she may want one.
    this.logger.warn(`text ${sms.sid} flagged for review (${reason}); not taken as an opt-out: GET /inbound-sms?flagged=true`);
    return 'flagged';
  }
}

/** Opaque to clients: where a page ended. */
function encodeCursor(position: InboundSmsEntity): string {
  return Buffer.from(`${position.receivedAt.toISOString()}|${position.sid}`).toString('base64url');
}

function decodeCursor(cursor: string): InboundPosition {
  const text = Buffer.from(cursor, 'base64url').toString();
  const bar = text.indexOf('|');
  // Read by the one date-time rule: a doctored cursor with 30 February is refused, not moved to 2 March.
  const receivedAt = parseInstant(text.slice(0, bar));
  const sid = text.slice(bar + 1);
  if (bar < 0 || !sid || !receivedAt) throw badRequest([{ field: 'cursor', reason: 'must be a nextCursor this endpoint returned' }]);
  return { receivedAt, sid };
}
