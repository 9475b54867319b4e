import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

const INVALID = '+15005550001'; // Twilio test number: 21211 invalid number
const OPTED_OUT = '+15005550004'; // Twilio test number: 21610 unsubscribed recipient

describe('fault 5: Twilio answers 429 and 500 for a burst, and refuses some numbers for good', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('retries 429/500 and delivers once; records 21211/21610 without retrying, and stops texting the opted-out number', async () => {
    // A burst is the next 40 creates; the circuit breaker spaces out its trial calls, so it spans about half a minute.
    harness.sandbox.failNext(20, 429);
    harness.sandbox.failNext(20, 500);
    const seeded = await harness.seed(200, [INVALID, OPTED_OUT]);
    await harness.declare();
    const startedAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('Twilio 429/500 burst', seeded, startedAt);
    expect(report).toMatchObject({ expected: 200, delivered: 200, duplicated: 0, lost: 0 });
    expect(harness.sandbox.refusals.filter((r) => r.status === 429 || r.status === 500)).toHaveLength(40);

    const failed = await waitFor(
      async () => {
        const rows = await harness.query<{ address: string; status: string; error_code: string }>(
          `SELECT address, status, error_code FROM messenger.message WHERE address = ANY($1)`,
          [[INVALID, OPTED_OUT]],
        );
        return rows.length === 2 && rows.every((r) => r.status === 'failed') && rows;
      },
      { description: 'both refusals recorded' },
    );
    expect(Object.fromEntries(failed.map((r) => [r.address, r.error_code]))).toEqual({ [INVALID]: '21211', [OPTED_OUT]: '21610' });
    // Refused for good once each, and never asked again (an injected 429/500 may have come first: that one is retried).
    const refusedForGood = (to: string) => harness.sandbox.refusals.filter((r) => r.to === to && r.status === 400);
    expect(refusedForGood(INVALID)).toHaveLength(1);
    expect(refusedForGood(OPTED_OUT)).toHaveLength(1);
    expect(await harness.query(`SELECT channel, address FROM messenger.suppression`)).toEqual([{ channel: 'sms', address: OPTED_OUT }]);

    // subscriber-service hears of it (sms.opted-out, source provider-error): her profile is opted out of texts.
    await waitFor(
      async () => {
        const rows = await harness.query<{ opted_out_channels: string[] }>('SELECT opted_out_channels FROM subscriber.subscriber WHERE phone = $1', [OPTED_OUT]);
        return rows.length === 1 && rows[0].opted_out_channels.includes('sms');
      },
      { description: 'the opted-out number opted out in subscriber-service' },
    );
    const consents = await harness.query<{ source: string; granted: boolean }>(
      `SELECT c.source, c.granted FROM subscriber.consent_record c JOIN subscriber.subscriber s ON s.id = c.subscriber_id WHERE s.phone = $1 AND c.purpose = 'sms'`,
      [OPTED_OUT],
    );
    expect(consents).toEqual([{ source: 'provider-error', granted: false }]);

    // The next incident does not even plan a text to the opted-out number, and never asks Twilio again.
    await harness.declare();
    await waitFor(() => harness.sandbox.messages.length === 2 * seeded.phones.length, { timeoutMs: 60_000, description: 'second round of texts' });
    expect(refusedForGood(OPTED_OUT)).toHaveLength(1);
    expect(harness.sandbox.messages.filter((m) => m.to === OPTED_OUT)).toHaveLength(0);
    expect(await harness.query('SELECT status FROM messenger.message WHERE address = $1', [OPTED_OUT])).toEqual([{ status: 'failed' }]);
  });
});
