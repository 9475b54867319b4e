import { MessengerServiceConfig } from '../config/env';
import { MessagesRepository, StatusReport } from '../delivery/messages.repository';
import { TextAtTwilio, TwilioSmsProvider } from '../providers/sms/twilio/twilio-sms.provider';
import { StatusReconciliationRound } from './reconciliation-round';
import { NextCheck, StatusReconciliationRepository, TextToCheck } from './status-reconciliation.repository';

const minute = 60_000;
const settings = { intervalMs: 0, afterMs: 10 * minute, perSecond: 1000, giveUpAfterMs: 72 * 60 * minute, earlyStatusTtlMs: 60 * minute };

/** The round with its repositories and Twilio stubbed: `twilio` answers per sid (an Error is thrown). */
function roundWith(batches: TextToCheck[][], twilio: Record<string, TextAtTwilio | undefined | Error>, { locked = true } = {}) {
  const claims: number[] = [];
  const scheduled: NextCheck[] = [];
  const applied: StatusReport[] = [];
  const looked: string[] = [];
  const repository = {
    transaction: (work: (manager: unknown) => Promise<unknown>) => work({ query: async () => [{ locked }] }),
    claimDue: async (_now: Date, _before: Date, _lease: Date, limit: number) => (claims.push(limit), batches.shift() ?? []),
    scheduleNext: async (next: NextCheck[]) => void scheduled.push(...next),
  } as unknown as StatusReconciliationRepository;
  const messages = {
    expireEarlyStatuses: async () => 2,
    advanceStatuses: async (reports: StatusReport[]) => (applied.push(...reports), new Set<string>()),
  } as unknown as MessagesRepository;
  const sms = {
    lookUp: async (sid: string) => {
      looked.push(sid);
      const answer = twilio[sid];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as TwilioSmsProvider;
  const round = new StatusReconciliationRound(repository, messages, sms, { statusReconciliation: settings } as MessengerServiceConfig);
  return { round, claims, scheduled, applied, looked };
}

const text = (n: number, sentAt = new Date(Date.now() - 11 * minute), checks = 0): TextToCheck => ({ id: `id-${n}`, providerId: `SM${n}`, sentAt, checks });
const restError = (status: number, code: number) => Object.assign(new Error('Twilio said no'), { status, code });

describe('StatusReconciliationRound', () => {
  it('applies what Twilio says like a callback, and schedules each text by its answer', async () => {
    const { round, scheduled, applied } = roundWith([[text(1), text(2), text(3), text(4), text(5)]], {
      SM1: { status: 'delivered', errorCode: null },
      SM2: { status: 'undelivered', errorCode: '30003' },
      SM3: { status: 'sent', errorCode: null },
      SM4: { status: 'accepted', errorCode: null }, // a status the log does not track: nothing applied, looked at again
      SM5: undefined, // 404
    });
    const before = Date.now();

    expect(await round.round()).toEqual({ ran: true, lookedUp: 5, settled: 2, stillOpen: 2, gaveUp: 0, unknown: 1, failed: 0, leftForNextRound: 0, expiredEarlyStatuses: 2 });
    expect(applied).toEqual([
      { providerId: 'SM1', status: 'delivered', errorCode: undefined },
      { providerId: 'SM2', status: 'undelivered', errorCode: '30003' },
      { providerId: 'SM3', status: 'sent', errorCode: undefined },
    ]);
    const at = Object.fromEntries(scheduled.map((n) => [n.id, n.at && n.at.getTime() - before]));
    expect([at['id-1'], at['id-2'], at['id-5']]).toEqual([null, null, null]);
    for (const open of [at['id-3'], at['id-4']]) expect(open).toBeGreaterThanOrEqual(10 * minute); // the delay after its first look
    expect(scheduled.every((n) => n.looked)).toBe(true);
  });

  it('stops at a 429 without failing the round: that text backs off, the rest of the batch is due again at once', async () => {
    const batch = [text(1), text(2), text(3), text(4)];
    const { round, claims, scheduled, looked } = roundWith([batch, [text(9)]], {
      SM1: { status: 'delivered', errorCode: null },
      SM2: restError(429, 20429),
      SM3: { status: 'delivered', errorCode: null },
      SM4: { status: 'delivered', errorCode: null },
    });

    expect(await round.round()).toMatchObject({ lookedUp: 2, settled: 1, failed: 1, leftForNextRound: 2 });
    expect(claims).toHaveLength(1); // no second batch in this round
    expect(looked).toEqual(['SM1', 'SM2']);
    const byId = Object.fromEntries(scheduled.map((n) => [n.id, n]));
    expect(byId['id-2']).toMatchObject({ looked: true, at: expect.any(Date) });
    expect(byId['id-2'].at!.getTime()).toBeGreaterThan(Date.now() + 9 * minute);
    for (const id of ['id-3', 'id-4']) {
      expect(byId[id].looked).toBe(false);
      expect(byId[id].at!.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it('treats a 5xx or no answer like a 429', async () => {
    for (const error of [restError(503, 20503), Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })]) {
      const { round } = roundWith([[text(1), text(2)]], { SM1: error, SM2: { status: 'delivered', errorCode: null } });
      expect(await round.round()).toMatchObject({ lookedUp: 1, failed: 1, leftForNextRound: 1 });
    }
  });

  it('gives up on a text still not final past the give-up age', async () => {
    const old = text(1, new Date(Date.now() - 72 * 60 * minute + 5 * minute), 8);
    const { round, scheduled } = roundWith([[old]], { SM1: { status: 'sent', errorCode: null } });
    expect(await round.round()).toMatchObject({ stillOpen: 1, gaveUp: 1 });
    expect(scheduled).toEqual([{ id: 'id-1', at: null, looked: true }]);
  });

  it('goes on with the next batch while batches come full, and does nothing while another replica is in its round', async () => {
    const full = Array.from({ length: 100 }, (_, i) => text(i));
    const answers = Object.fromEntries(full.map((t) => [t.providerId, { status: 'delivered', errorCode: null }]));
    const { round, claims } = roundWith([full, [text(100)]], { ...answers, SM100: { status: 'delivered', errorCode: null } });
    expect(await round.round()).toMatchObject({ lookedUp: 101, settled: 101 });
    expect(claims).toEqual([100, 100]);

    const busy = roundWith([[text(1)]], { SM1: { status: 'delivered', errorCode: null } }, { locked: false });
    expect(await busy.round.round()).toMatchObject({ ran: false, lookedUp: 0, expiredEarlyStatuses: 0 });
    expect(busy.looked).toEqual([]);
  });
});
