import { Inject, Injectable } from '@nestjs/common';
import { ScheduledRounds, tryRoundLock } from '@prespond/platform';
import { MESSENGER_CONFIG, MessengerServiceConfig, StatusReconciliationSettings } from '../config/env';
import { MessagesRepository, StatusReport } from '../delivery/messages.repository';
import { RateLimiter } from '../providers/rate-limiter';
import { TextAtTwilio, TwilioSmsProvider } from '../providers/sms/twilio/twilio-sms.provider';
import { isFinal, isTracked, nextCheckAt } from './check-schedule';
import { NextCheck, StatusReconciliationRepository, TextToCheck } from './status-reconciliation.repository';

/** What one round did. */
export interface ReconciliationRound {
  /** False when another replica was in its round: this one did nothing. */
  ran: boolean;
  /** Lookups made at Twilio (answered or not). */
  lookedUp: number;
  /** Texts Twilio had as final (delivered, undelivered, failed): the log now says what Twilio says. */
  settled: number;
  /** Texts still not final at Twilio (moved forward if Twilio was further): looked at again later, with backoff. */
  stillOpen: number;
  /** Of the still open and failed ones, those past the give-up age: not looked at again. */
  gaveUp: number;
  /** Sids Twilio does not know (404): not looked at again. */
  unknown: number;
  /** Lookups that failed (429, 5xx, no answer): the round stopped there; those texts are looked at again later. */
  failed: number;
  /** Claimed but not looked up because the round stopped: due again at once. */
  leftForNextRound: number;
  /** Kept early status callbacks dropped (older than EARLY_STATUS_TTL_MINUTES). */
  expiredEarlyStatuses: number;
}

type Answer =
  | { text: TextToCheck; kind: 'found'; found: TextAtTwilio }
  | { text: TextToCheck; kind: 'unknown' }
  | { text: TextToCheck; kind: 'failed'; error: unknown }
  | { text: TextToCheck; kind: 'skipped' };

/** Any stable number: one reconciliation round at a time across replicas. */
const ROUND_LOCK = 0x57a7c;
/** Texts claimed at once, at most (fewer at low rates, so a batch is looked up within ~10 seconds). */
const MAX_BATCH = 100;
/** A round looks up about this many seconds' worth of texts at the rate; the next round goes on. */
const ROUND_SECONDS = 60;
/** The twilio SDK's request timeout: a claim's lease covers its batch at the rate plus one slow answer. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Makes up for lost Twilio status callbacks. Twilio calls back each status of a text once and never again, so those
 * that come while the messenger is down (a kill -9, a deploy) are lost, and the log (and the incident report built on
 * it) would say `queued` or `sent` for texts Twilio delivered. Every `statusReconciliation.intervalMs`, a text still
 * queued/sending/sent the reconciliation delay after Twilio took it is looked up at Twilio (`messages(sid).fetch()`)
 * and what Twilio answers is applied like a callback (MessagesRepository.advanceStatuses: only forward, error codes
 * of failed and undelivered texts kept).
 *
 * - One replica at a time (a transaction-scoped advisory lock held for the round), so the rate bound
 *   (STATUS_RECONCILE_PER_SECOND, calls spaced by Bottleneck as the providers' are) holds for the account, whose
 *   limits Twilio counts together with sending. Each text is also claimed in the database for its lookup (a lease,
 *   `FOR UPDATE SKIP LOCKED`), so even two rounds at once look each text up once, and one a dead replica claimed comes
 *   back when its lease runs out. A second lookup would do no harm anyway: it only reads, and statuses only move on.
 * - A text still not final at Twilio is looked at again with backoff, and no more after the give-up age (see
 *   nextCheckAt for why). A sid Twilio does not know (404) is not looked at again. A 429, a 5xx or no answer stops the
 *   round (Twilio is busy or failing; the next round tries again), that text backing off like an open one.
 * - Kept callbacks for texts whose send was never recorded (early_status) are dropped after EARLY_STATUS_TTL_MINUTES:
 *   if the record does come later, this looks its status up like any other.
 * - Logs carry message ids and sids only, never her number or the text.
 *
 * Real time, not the injectable Clock: the times it compares (`sent_at`, when early callbacks were kept) are written
 * in real time, as Twilio's callbacks come.
 */
@Injectable()
export class StatusReconciliationRound extends ScheduledRounds {
  private readonly settings: StatusReconciliationSettings;
  private readonly limiter: RateLimiter;

  constructor(
    private readonly repository: StatusReconciliationRepository,
    private readonly messages: MessagesRepository,
    private readonly sms: TwilioSmsProvider,
    @Inject(MESSENGER_CONFIG) config: MessengerServiceConfig,
  ) {
    super('status reconciliation');
    this.settings = config.statusReconciliation;
    this.limiter = new RateLimiter(this.settings.perSecond);
  }

  protected roundIntervalMs(): number {
    return this.settings.intervalMs;
  }

  protected runRound(): Promise<unknown> {
    return this.round();
  }

  /** One round. Exposed for tests, which drive it. */
  async round(): Promise<ReconciliationRound> {
    const result: ReconciliationRound = { ran: true, lookedUp: 0, settled: 0, stillOpen: 0, gaveUp: 0, unknown: 0, failed: 0, leftForNextRound: 0, expiredEarlyStatuses: 0 };
    const { perSecond, afterMs, earlyStatusTtlMs } = this.settings;
    return this.repository.transaction(async (manager) => {
      if (!(await tryRoundLock(manager, ROUND_LOCK))) return { ...result, ran: false };
      result.expiredEarlyStatuses = await this.messages.expireEarlyStatuses(new Date(Date.now() - earlyStatusTtlMs));
      const batch = Math.max(1, Math.min(MAX_BATCH, Math.ceil(perSecond * 10)));
      const leaseMs = Math.ceil((batch / perSecond) * 1000) + REQUEST_TIMEOUT_MS;
      let budget = Math.max(batch, Math.ceil(perSecond * ROUND_SECONDS));
      while (budget > 0) {
        const now = new Date();
        const limit = Math.min(batch, budget);
        const due = await this.repository.claimDue(now, new Date(now.getTime() - afterMs), new Date(now.getTime() + leaseMs), limit);
        budget -= due.length;
        const stopped = await this.reconcile(due, result);
        if (stopped || due.length < limit) break;
      }
      if (result.lookedUp > 0 || result.expiredEarlyStatuses > 0) this.logger.log(summary(result));
      return result;
    });
  }

  /** Looks the claimed texts up at the rate, applies what Twilio said, and schedules each; true if Twilio failed. */
  private async reconcile(due: TextToCheck[], result: ReconciliationRound): Promise<boolean> {
    if (due.length === 0) return false;
    let stopped = false;
    const answers = await Promise.all(
      due.map((text) =>
        this.limiter.run(async (): Promise<Answer> => {
          if (stopped) return { text, kind: 'skipped' };
          try {
            const found = await this.sms.lookUp(text.providerId);
            return found ? { text, kind: 'found', found } : { text, kind: 'unknown' };
          } catch (error) {
            stopped = true;
            return { text, kind: 'failed', error };
          }
        }),
      ),
    );
    const reports: StatusReport[] = answers.flatMap((a) =>
      a.kind === 'found' && isTracked(a.found.status) ? [{ providerId: a.text.providerId, status: a.found.status, errorCode: a.found.errorCode ?? undefined }] : [],
    );
    await this.messages.advanceStatuses(reports);
    const now = new Date();
    await this.repository.scheduleNext(answers.map((a) => this.nextCheck(a, now, result)));
    const failure = answers.find((a) => a.kind === 'failed');
    if (failure?.kind === 'failed') {
      this.logger.warn(`lookups stopped for this round at text ${failure.text.id}: Twilio answered ${describe(failure.error)}; ${result.leftForNextRound} left for the next round`);
    }
    return stopped;
  }

  private nextCheck(answer: Answer, now: Date, result: ReconciliationRound): NextCheck {
    const { text } = answer;
    const again = () => {
      const at = nextCheckAt(text.sentAt, text.checks + 1, now, this.settings);
      if (at === null) result.gaveUp++;
      return { id: text.id, at, looked: true };
    };
    if (answer.kind === 'skipped') {
      result.leftForNextRound++;
      return { id: text.id, at: now, looked: false };
    }
    result.lookedUp++;
    if (answer.kind === 'unknown') {
      result.unknown++;
      this.logger.warn(`text ${text.id}: Twilio does not know its sid ${text.providerId} (404); not looked up again`);
      return { id: text.id, at: null, looked: true };
    }
    if (answer.kind === 'failed') {
      result.failed++;
      return again();
    }
    if (isFinal(answer.found.status)) {
      result.settled++;
      return { id: text.id, at: null, looked: true };
    }
    result.stillOpen++;
    return again();
  }
}

/** An error of a lookup, as logs may show it: HTTP status and Twilio code, or the error's code or name. */
function describe(error: unknown): string {
  const e = error as { status?: number; code?: string | number; name?: string };
  if (e?.status) return `HTTP ${e.status}${e.code ? ` (code ${e.code})` : ''}`;
  return String(e?.code ?? e?.name ?? 'an error');
}

function summary(r: ReconciliationRound): string {
  return (
    `looked up ${r.lookedUp} texts at Twilio: ${r.settled} settled, ${r.stillOpen} still open (${r.gaveUp} given up), ` +
    `${r.unknown} unknown, ${r.failed} failed, ${r.leftForNextRound} left for the next round; ${r.expiredEarlyStatuses} expired early callbacks dropped`
  );
}
