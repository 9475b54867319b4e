import { SMTP_POOL_CONNECTIONS } from '../../apps/messenger-service/src/providers/email/smtp/smtp-email.provider';
import { FaultHarness } from './harness';

describe('fault 1: kill -9 the messenger in the middle of a 1,000-notification fan-out', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start()));
  afterAll(async () => harness?.stop());

  it('delivers every notification exactly once after the restart', async () => {
    const seeded = await harness.midFanout(1000, 300);
    expect(await harness.services['messenger-service'].kill('SIGKILL')).toBeNull();
    const atKill = harness.deliveredCount();
    expect(atKill).toBeLessThan(1000);

    await harness.restart('messenger-service');
    const restartedAt = Date.now();
    await harness.waitForAll(seeded);
    const report = harness.report('kill -9 messenger', seeded, restartedAt);
    expect(report.lost).toBe(0);
    // Texts: the provider is asked before any resend, so none twice. Emails: SMTP cannot be asked; an email in flight
    // at the kill (at most one per pooled SMTP connection) or accepted but not yet recorded (each send waits for its
    // record, written together with the others of that moment) may be sent again, with the same Message-ID, which
    // mail systems fold into one.
    const counts = harness.counts();
    expect(seeded.phones.filter((p) => counts.get(p)! > 1)).toEqual([]);
    const resentEmails = seeded.emails.filter((e) => counts.get(e)! > 1);
    expect(resentEmails.length).toBeLessThanOrEqual(2 * SMTP_POOL_CONNECTIONS);
    expect(seeded.emails.every((e) => counts.get(e)! <= 2)).toBe(true);
    for (const address of resentEmails) expect(new Set(harness.emails.filter((m) => m.to === address).map((m) => m.messageId)).size).toBe(1);
  });
});
