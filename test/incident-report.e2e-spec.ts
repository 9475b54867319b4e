import { csvRecords } from '@prespond/platform';
import { freePort, waitFor } from '@prespond/sandbox';
import { startStack, Stack } from '../deploy/stack';
import { redactLinks } from '../apps/messenger-service/src/rendering/message-links';
import { freshDatabase } from './support/infra';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The deposition, end to end: an incident with three timeline entries reaches a few customers by SMS and email, and
 * the incident report counts exactly what the Twilio sandbox and the SMTP server received, as JSON and as CSV; one
 * customer's communication log lists exactly her messages.
 */
describe('incident report and communication log, end to end', () => {
  let stack: Stack;
  let db: { url: string; drop: () => Promise<void> };
  const logs: string[] = [];

  const api = (service: 'incident-service' | 'subscriber-service' | 'messenger-service') => stack.services[service].url;
  /** Calls as admin (the run's key); webhooks and signed links below go without one, as Twilio and customers do. */
  const keyed = (): Record<string, string> => ({ authorization: `Bearer ${stack.keys.roles.admin}` });
  async function post(url: string, body: unknown): Promise<any> {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...keyed() }, body: JSON.stringify(body) });
    const json: any = await response.json();
    if (!response.ok) throw new Error(`${url}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
  const getJson = async (url: string): Promise<any> => (await fetch(url, { headers: keyed() })).json();

  const people = {
    ada: { name: 'Ada', email: 'ada@example.com', phone: '+4915112345611', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'] },
    bob: { name: 'Bob', phone: '+4915112345612', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'] },
    chie: { name: 'Chie', email: 'chie@example.com', timeZone: 'Asia/Tokyo', components: ['internet'], regions: ['berlin'], channels: ['email'] },
    dora: { name: 'Dora', email: 'dora@example.com', phone: '+4915112345614', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['munich'], channels: ['sms', 'email'] },
  };
  const updates = ['A fibre cable was cut near the exchange.', 'The cable is being spliced.', 'Everyone is back online.'];
  const texts = () => stack.infra.twilio.messages;
  const emails = () => stack.infra.smtp.messages;
  const textsAbout = (message: string) => texts().filter((m) => m.body.includes(message));
  const emailsAbout = (message: string) => emails().filter((m) => (m.text ?? '').includes(message));

  let incidentId: string;
  let adaId: string;

  beforeAll(async () => {
    db = await freshDatabase('e2e_report');
    const ports = { incident: await freePort(), subscriber: await freePort(), messenger: await freePort() };
    stack = await startStack(ports, { DATABASE_URL: db.url }, (line) => logs.push(line));

    const ids = [];
    for (const person of Object.values(people)) ids.push((await post(`${api('subscriber-service')}/subscribers`, person)).id);
    adaId = ids[0];
    const incident = await post(`${api('incident-service')}/incidents`, {
      title: 'Internet outage',
      message: updates[0],
      severity: 'major',
      components: ['internet'],
      regions: ['berlin'],
      nextUpdateBy: '2030-01-31T14:00:00Z',
    });
    incidentId = incident.id;
    // Each update waits for the one before to land, so the three reach customers in order.
    const landed = (n: number) =>
      waitFor(() => textsAbout(updates[n]).length === 2 && emailsAbout(updates[n]).length === 2, { timeoutMs: 60_000, description: `update ${n + 1} at sandbox and inbox` });
    await landed(0);
    await post(`${api('incident-service')}/incidents/${incidentId}/updates`, { status: 'identified', message: updates[1], nextUpdateBy: '2030-01-31T15:00:00Z' });
    await landed(1);
    await post(`${api('incident-service')}/incidents/${incidentId}/resolve`, { message: updates[2] });
    await landed(2);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('counts per update and channel exactly what the Twilio sandbox and the SMTP server received', async () => {
    expect(texts()).toHaveLength(6);
    expect(emails()).toHaveLength(6);
    // Every text delivered (Twilio's callbacks), every email accepted by the SMTP server: the report is settled.
    const report = await waitFor(
      async () => {
        const r = await getJson(`${api('incident-service')}/incidents/${incidentId}/report`);
        const [sms, email] = ['sms', 'email'].map((c) => r.totals.channels.find((t: any) => t.channel === c));
        return sms.outcomes.delivered === texts().length && email.outcomes.sent === emails().length && r;
      },
      { description: 'a settled report' },
    );

    expect(report.incident).toMatchObject({ id: incidentId, title: 'Internet outage', status: 'resolved' });
    expect(report.timeline.map((u: any) => [u.sequence, u.status, u.message, u.postedBy])).toEqual([
      [1, 'investigating', updates[0], 'person'],
      [2, 'identified', updates[1], 'person'],
      [3, 'resolved', updates[2], 'person'],
    ]);
    expect(report.deliveries).toHaveLength(6); // 3 updates × 2 channels
    for (const row of report.deliveries) {
      const update = report.timeline.find((u: any) => u.id === row.updateId);
      expect(row.sequence).toBe(update.sequence);
      expect(row.updateCreatedAt).toBe(update.createdAt);
      const received = row.channel === 'sms' ? textsAbout(update.message) : emailsAbout(update.message);
      expect(row.notified).toBe(received.length);
      expect(row.messages).toBe(received.length);
      expect(row.firstLatencySeconds).toBeGreaterThanOrEqual(0);
      expect(row.lastLatencySeconds).toBeGreaterThanOrEqual(row.firstLatencySeconds);
      expect(row.outcomes).toMatchObject(row.channel === 'sms' ? { delivered: 2, failed: 0, pending: 0 } : { sent: 2, failed: 0, pending: 0 });
    }
    const totals = Object.fromEntries(report.totals.channels.map((t: any) => [t.channel, t]));
    expect(totals.sms.notified).toBe(texts().length);
    expect(totals.email.notified).toBe(emails().length);
    expect(report.totals.notified).toBe(texts().length + emails().length);

    // Two promises, each kept by the next update a person posted.
    expect(report.promises.map((p: any) => [p.madeBySequence, p.dueAt, p.state, p.settledBySequence])).toEqual([
      [1, '2030-01-31T14:00:00.000Z', 'kept', 2],
      [2, '2030-01-31T15:00:00.000Z', 'kept', 3],
    ]);
    expect(report.totals.promises).toMatchObject({ total: 2, kept: 2, broken: 0, keptRate: 1 });

    // The CSV says the same, row for row.
    const response = await fetch(`${api('incident-service')}/incidents/${incidentId}/report.csv`, { headers: keyed() });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const records = csvRecords(await response.text());
    const updateRows = records.filter((r) => r.record === 'update');
    expect(updateRows).toHaveLength(6);
    for (const row of report.deliveries) {
      const csv = updateRows.find((r) => Number(r.sequence) === row.sequence && r.channel === row.channel)!;
      expect(Number(csv.notified)).toBe(row.notified);
      expect(Number(csv.first_latency_s)).toBe(row.firstLatencySeconds);
      expect(Number(csv.last_latency_s)).toBe(row.lastLatencySeconds);
      expect(Number(csv.delivered)).toBe(row.outcomes.delivered);
      expect(Number(csv.sent)).toBe(row.outcomes.sent);
      expect(csv.update_message).toBe(report.timeline[row.sequence - 1].message);
      expect(csv.posted_by).toBe('person');
    }
    expect(records.filter((r) => r.record === 'promise').map((r) => [r.sequence, r.promise_state, r.settled_by_sequence])).toEqual([
      ['1', 'kept', '2'],
      ['2', 'kept', '3'],
    ]);
    const csvTotals = Object.fromEntries(records.filter((r) => r.record === 'total').map((r) => [r.channel, Number(r.notified)]));
    expect(csvTotals).toEqual({ sms: texts().length, email: emails().length });
  });

  it("lists exactly one customer's messages, newest first, in pages and as CSV", async () => {
    const base = `${api('messenger-service')}/subscribers/${adaId}/communications`;
    const first = await getJson(`${base}?limit=4`);
    expect(first.items).toHaveLength(4);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await getJson(`${base}?limit=4&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const log = [...first.items, ...second.items];

    const times = log.map((m: any) => Date.parse(m.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const logged = await getJson(`${api('messenger-service')}/messages?subscriberId=${adaId}`);
    expect(log.map((m: any) => m.id).sort()).toEqual(logged.map((m: any) => m.id).sort());
    const sms = log.filter((m: any) => m.channel === 'sms');
    const email = log.filter((m: any) => m.channel === 'email');
    // What she got, word for word, but for her signed links: the log says where they pointed, not the links themselves.
    const received = texts().filter((t) => t.to === people.ada.phone).map((t) => t.body);
    expect(received.every((body) => /\/preferences\/[A-Za-z0-9_-]{44} /.test(body))).toBe(true);
    expect(sms.map((m: any) => m.body).sort()).toEqual(received.map(redactLinks).sort());
    expect(email.map((m: any) => m.subject).sort()).toEqual(emails().filter((e) => e.to.includes(people.ada.email)).map((e) => e.subject).sort());
    expect(sms.every((m: any) => m.address === people.ada.phone && m.status === 'delivered' && m.sentAt && m.incidentId === incidentId)).toBe(true);
    expect(email.every((m: any) => m.address === people.ada.email && m.status === 'sent' && m.errorCode === null)).toBe(true);
    expect(sms.map((m: any) => m.updateSequence).sort()).toEqual([1, 2, 3]);

    const csv = await fetch(`${base}.csv`, { headers: keyed() });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = csvRecords(await csv.text());
    expect(rows.map((r) => r.message_id)).toEqual(log.map((m: any) => m.id));
    expect(rows.map((r) => r.status)).toEqual(log.map((m: any) => m.status));
    expect(rows.map((r) => r.body)).toEqual(log.map((m: any) => m.body));
  });

  it('answers an unknown customer with an empty log, and bad ids or cursors with 400', async () => {
    const messenger = api('messenger-service');
    expect(await getJson(`${messenger}/subscribers/${incidentId}/communications`)).toEqual({ items: [], nextCursor: null });
    const badId = await fetch(`${messenger}/subscribers/not-a-uuid/communications`, { headers: keyed() });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as any).errors[0].field).toBe('id');
    const badCursor = await fetch(`${messenger}/subscribers/${adaId}/communications?cursor=nonsense`, { headers: keyed() });
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as any).errors[0].field).toBe('cursor');
    expect((await fetch(`${api('incident-service')}/incidents/not-a-uuid/report`, { headers: keyed() })).status).toBe(400);
    expect((await fetch(`${api('incident-service')}/incidents/${adaId}/report`, { headers: keyed() })).status).toBe(404);
  });

  it('documents the new endpoints in Swagger', async () => {
    const incidentDocs = await getJson(`${api('incident-service')}/docs-json`);
    expect(Object.keys(incidentDocs.paths)).toEqual(expect.arrayContaining(['/incidents/{id}/report', '/incidents/{id}/report.csv']));
    const messengerDocs = await getJson(`${api('messenger-service')}/docs-json`);
    expect(Object.keys(messengerDocs.paths)).toEqual(
      expect.arrayContaining(['/reports/incidents/{id}/deliveries', '/subscribers/{id}/communications', '/subscribers/{id}/communications.csv']),
    );
  });

  it('answers 503 when the messenger, which has the delivery figures, cannot be reached', async () => {
    await stack.services['messenger-service'].stop();
    const response = await fetch(`${api('incident-service')}/incidents/${incidentId}/report`, { headers: keyed() });
    expect(response.status).toBe(503);
    expect(((await response.json()) as any).message).toMatch(/messenger-service cannot be reached/);
    expect((await fetch(`${api('incident-service')}/incidents/${incidentId}/report.csv`, { headers: keyed() })).status).toBe(503);
  });
});
