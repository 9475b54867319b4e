import { waitFor } from '@prespond/sandbox';
import { FaultHarness } from './harness';

/**
 * An incident update to Ada fails at Twilio until it is parked for a later retry (about 8 s here); meanwhile the incident
 * is resolved and the resolution reaches her. When the old update comes back it must not follow the resolution.
 * (The SMS circuit opens after 5 failures in a row here, so the update's 4 failed tries leave it closed and the
 * resolution goes at once, as it would when Twilio refused one message among others that went through.)
 */
describe('fault 12: a retried incident update comes back after the resolution went out', () => {
  let harness: FaultHarness;
  beforeAll(async () => (harness = await FaultHarness.start({ CONSUMER_RETRY_DELAY_MS: '8000', PROVIDER_CIRCUIT_FAILURES: '5' })));
  afterAll(async () => harness?.stop());

  it('records the old update superseded and never sends it: she reads "resolved" last', async () => {
    const seeded = await harness.seed(2); // one customer by text, one by email
    const [phone] = seeded.phones;
    // Twilio answers 500 to the update's four tries (the batch's, then three in place): it is parked on the retry topic.
    harness.sandbox.failNext(4, 500);
    const incidentId = await harness.declare();
    await waitFor(() => harness.sandbox.refusals.filter((r) => r.to === phone).length === 4, { timeoutMs: 30_000, description: 'four refusals of the update to her' });
    expect(harness.sandbox.messages.filter((m) => m.to === phone)).toEqual([]);

    const resolved = await fetch(`${harness.services['incident-service'].url}/incidents/${incidentId}/resolve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.keys.roles.ops}` },
      body: JSON.stringify({ message: 'Everyone is back online.' }),
    });
    expect(resolved.status).toBe(200);
    await waitFor(() => harness.sandbox.messages.some((m) => m.to === phone), { timeoutMs: 30_000, description: 'the resolution reached her' });

    // The parked update comes back, finds the newer resolution with Twilio, and is recorded superseded.
    const rows = await waitFor(
      async () => {
        const found = await harness.query<{ template: string; status: string; update_sequence: number }>(
          `SELECT template, status, update_sequence FROM messenger.message WHERE address = $1 ORDER BY update_sequence`,
          [phone],
        );
        return found.length === 2 && found[0].status === 'superseded' && found;
      },
      { timeoutMs: 60_000, description: 'the old update superseded' },
    );
    expect(rows.map((r) => r.template)).toEqual(['incident.declared', 'incident.resolved']);
    expect(rows[1].status).not.toBe('superseded');
    const texts = harness.sandbox.messages.filter((m) => m.to === phone);
    expect(texts).toHaveLength(1);
    expect(texts[0].body).toContain('Everyone is back online.');
    // The email went in order: the update, then the resolution.
    await waitFor(() => harness.emails.filter((m) => m.to === seeded.emails[0]).length === 2, { description: 'both emails' });
  });
});
