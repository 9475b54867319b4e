import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Topics } from '@prespond/contracts';
import { createKafka, listDeadLetters, replayDeadLetters } from '@prespond/kafka';
import { waitFor } from '@prespond/sandbox';
import { produce } from '../support/kafka';
import { FaultHarness } from './harness';

const TEMPLATES = resolve(__dirname, '../../apps/messenger-service/src/templates');

describe('fault 6: poison events on each topic, and a replay after the fix', () => {
  let harness: FaultHarness;
  // A deployment that lost its HTML email template: every email request fails for good until it is back.
  const templates = mkdtempSync(join(tmpdir(), 'prespond-templates-'));
  cpSync(TEMPLATES, templates, { recursive: true });
  rmSync(join(templates, 'en/email/incident.html.hbs'));

  beforeAll(async () => (harness = await FaultHarness.start({ TEMPLATES_DIR: templates })));
  afterAll(async () => {
    await harness?.stop();
    rmSync(templates, { recursive: true, force: true });
  });

  it('dead-letters what cannot be handled, lets the rest flow, and delivers the replayed events once fixed', async () => {
    const brokers = [harness.kafka.bootstrap];
    const kafka = createKafka({ brokers, clientId: 'fault-6' });
    await produce(brokers, Topics.IncidentChanged, [{ key: 'poison', value: { type: 'incident.declared', version: 1, data: 'garbage' } }]);
    await produce(brokers, Topics.NotificationRequested, [{ key: 'poison', value: 'not even json' }]);

    const seeded = await harness.seed(100);
    await harness.declare();
    const startedAt = Date.now();
    await waitFor(() => harness.sandbox.messages.length === seeded.phones.length, { timeoutMs: 60_000, description: 'every text' });

    // Two services consume incident.changed (fan-out and hold board): each dead-letters the poison, saying which.
    const incidentLetters = await waitFor(async () => {
      const letters = await listDeadLetters(kafka, Topics.IncidentChanged);
      return letters.length === 2 && letters;
    }, { description: 'the poison incident event in its DLQ, once per consuming service' });
    expect(incidentLetters.map((l) => l.key)).toEqual(['poison', 'poison']);
    expect(incidentLetters.map((l) => l.service).sort()).toEqual(['messenger-service', 'subscriber-service']);
    expect(incidentLetters.every((l) => /breaks its contract/.test(l.reason))).toBe(true);

    const letters = await waitFor(async () => {
      const found = await listDeadLetters(kafka, Topics.NotificationRequested);
      return found.length === seeded.emails.length + 1 && found;
    }, { timeoutMs: 60_000, description: 'every email request dead-lettered' });
    expect(letters.filter((l) => /no template email\/incident\.html\.hbs/.test(l.reason))).toHaveLength(seeded.emails.length);
    expect(harness.emails).toHaveLength(0);

    // The fix is deployed; replay.
    cpSync(join(TEMPLATES, 'en/email/incident.html.hbs'), join(templates, 'en/email/incident.html.hbs'));
    expect(await replayDeadLetters(kafka, Topics.NotificationRequested)).toBe(seeded.emails.length + 1);
    await harness.waitForAll(seeded);
    const report = harness.report('poison events + replay', seeded, startedAt);
    expect(report).toMatchObject({ expected: 100, delivered: 100, duplicated: 0, lost: 0 });

    // The poison is still poison: it is dead-lettered again, as a new entry; everything replayed is marked so.
    const after = await waitFor(async () => {
      const found = await listDeadLetters(kafka, Topics.NotificationRequested);
      return found.length === seeded.emails.length + 2 && found;
    }, { description: 'the replayed poison back in the DLQ' });
    expect(after.filter((l) => !l.replayed).map((l) => l.key)).toEqual(['poison']);
    // A second replay sends only that new entry, none of the ones already replayed.
    expect(await replayDeadLetters(kafka, Topics.NotificationRequested)).toBe(1);
    expect(harness.emails).toHaveLength(seeded.emails.length);
  });
});
