import { INestApplication } from '@nestjs/common';
import { api } from '../../../../test/support/auth';
import { DataSource } from 'typeorm';
import { parseEvent, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { toCsv } from '@prespond/platform';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';

const HEADER = ['externalId', 'name', 'email', 'phone', 'timeZone', 'locale', 'components', 'regions', 'channels', 'marketingConsent', 'consentWording'];
const WORDING = 'Yes, send me "offers", now and then.';

/** Row i of the big file: every hundredth row (i % 100 === 50) is bad, in one of five ways. */
function bigRow(i: number): string[] {
  const id = `CRM-${String(i).padStart(5, '0')}`;
  const good = [id, `Customer ${i}`, `c${i}@example.com`, `+49151${String(i).padStart(8, '0')}`, 'Europe/Berlin', 'de', 'internet;tv', 'berlin', 'sms;email', 'true', WORDING];
  if (i % 100 !== 50) return good;
  switch ((i / 100) % 5 | 0) {
    case 0: return Object.assign([...good], { 3: '0151 1234' }); // bad phone
    case 1: return Object.assign([...good], { 4: 'Mars/Olympus' }); // unknown time zone
    case 2: return Object.assign([...good], { 2: '' }); // email channel without an email
    case 3: return Object.assign([...good], { 0: `CRM-${String(i - 1).padStart(5, '0')}` }); // the row before's externalId again
    default: return Object.assign([...good], { 0: '' }); // no externalId
  }
}

/** The reasons row i (a bad one) must be reported with. */
function expectedErrors(i: number): { field: string; reason: string | RegExp }[] {
  switch ((i / 100) % 5 | 0) {
    case 0: return [{ field: 'phone', reason: /E\.164/ }];
    case 1: return [{ field: 'timeZone', reason: /IANA time zone/ }];
    case 2: return [{ field: 'email', reason: 'is required when channels include email' }];
    case 3: return [{ field: 'externalId', reason: `is named again in this file (first on line ${i - 1 + 2})` }];
    default: return [{ field: 'externalId', reason: 'is required' }];
  }
}

/** The bulk import against a real PostgreSQL (the producer records what the outbox publishes). */
describe('subscriber import', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  let db: DataSource;
  const sent: OutgoingEvent[] = [];

  // Kept in one place so the access-control work can add its key here.
  const importCsv = (csv: string | Buffer, contentType = 'text/csv') => api(app).post('/subscribers/import').set('content-type', contentType).send(csv);
  const count = async (sql: string): Promise<number> => Number((await db.query(sql))[0].n);
  const changedEvents = () => sent.filter((e) => e.topic === Topics.SubscriberChanged);

  beforeAll(async () => {
    service = await startSubscriberApp('subscriber_import', { sent });
    app = service.app;
    db = app.get(DataSource);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('imports 9,900 of 10,000 rows, reports the 100 bad ones with their reasons, and a second import changes nothing', async () => {
    const file = toCsv(HEADER, Array.from({ length: 10_000 }, (_, i) => bigRow(i)));
    const started = Date.now();
    const report = (await importCsv(file).expect(200)).body;
    console.log(`imported 10,000 rows in ${Date.now() - started} ms`);

    expect(report).toMatchObject({ rows: 10_000, imported: 9_900, updated: 0, unchanged: 0, rejected: 100 });
    const bad = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 100 === 50);
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual(bad.map((i) => i + 2)); // line 1 is the header
    for (const [n, i] of bad.entries()) {
      const reported = report.errors[n];
      expect(reported.externalId).toBe(bigRow(i)[0] || null);
      expect(reported.errors).toEqual(expectedErrors(i).map((e) => ({ field: e.field, reason: typeof e.reason === 'string' ? e.reason : expect.stringMatching(e.reason) })));
    }

    expect(await count(`SELECT count(*) AS n FROM subscriber WHERE external_id LIKE 'CRM-%'`)).toBe(9_900);
    // One consent record each (her marketing answer), with the import as source and the row's wording.
    expect(await db.query(`SELECT source, wording, purpose, granted, count(*)::int AS n FROM consent_record GROUP BY 1, 2, 3, 4`)).toEqual([
      { source: 'import', wording: WORDING, purpose: 'marketing', granted: true, n: 9_900 },
    ]);
    const ada = (await db.query(`SELECT id FROM subscriber WHERE external_id = 'CRM-00001'`))[0];
    const shown = (await api(app).get(`/subscribers/${ada.id}`).expect(200)).body;
    expect(shown).toMatchObject({ externalId: 'CRM-00001', name: 'Customer 1', email: 'c1@example.com', components: ['internet', 'tv'], channels: ['sms', 'email'], marketingConsent: true });
    await waitFor(() => changedEvents().length === 9_900, { description: 'a subscriber.changed per imported row' });

    // The same file again: nothing imported, nothing recorded, nothing published.
    const again = (await importCsv(file).expect(200)).body;
    expect(again).toMatchObject({ rows: 10_000, imported: 0, updated: 0, unchanged: 9_900, rejected: 100 });
    expect(again.errors).toEqual(report.errors);
    expect(await count('SELECT count(*) AS n FROM consent_record')).toBe(9_900);
    expect(await count('SELECT count(*) AS n FROM outbox_message')).toBe(0);
    expect(changedEvents()).toHaveLength(9_900);

    // A changed row updates her (and records her consent change); the columns the file leaves out stay as they were.
    const changed = toCsv(['externalId', 'name', 'timeZone', 'components', 'regions', 'channels', 'marketingConsent', 'consentWording'], [
      ['CRM-00001', 'Customer 1', 'Europe/Berlin', 'internet', 'hamburg', 'sms;email', 'false', 'Unsubscribed by phone'],
      ['CRM-00002', 'Customer 2', 'Europe/Berlin', 'internet;tv', 'berlin', 'sms;email', 'true', 'ignored: nothing changes'],
    ]);
    expect((await importCsv(changed).expect(200)).body).toMatchObject({ rows: 2, imported: 0, updated: 1, unchanged: 1, rejected: 0, errors: [] });
    const updated = (await api(app).get(`/subscribers/${ada.id}`).expect(200)).body;
    expect(updated).toMatchObject({ regions: ['hamburg'], components: ['internet'], marketingConsent: false, email: 'c1@example.com', phone: shown.phone, locale: 'de' });
    const consents = (await api(app).get(`/subscribers/${ada.id}/consents`).expect(200)).body;
    expect(consents.map((c: { granted: boolean; source: string; wording: string }) => [c.granted, c.source, c.wording])).toEqual([
      [true, 'import', WORDING],
      [false, 'import', 'Unsubscribed by phone'],
    ]);
    const event = await waitFor(() => changedEvents().length === 9_901 && changedEvents()[9_900], { description: 'her subscriber.changed' });
    expect(event.key).toBe(ada.id);
    expect(parseEvent<SubscriberChangedEvent>(Topics.SubscriberChanged, event.value).data.subscriber).toMatchObject({ id: ada.id, regions: ['hamburg'] });
  });

  it('refuses a body that is not CSV, and a header without the required columns, before writing anything', async () => {
    const before = await count('SELECT count(*) AS n FROM subscriber');
    const json = await importCsv(JSON.stringify({ externalId: 'x' }), 'application/json').expect(400);
    expect(json.body.errors).toEqual([{ field: 'content-type', reason: expect.stringMatching(/text\/csv/) }]);
    const missing = await importCsv('externalId,name,phone\r\nCRM-X,Xena,+4915112345678\r\n').expect(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['timeZone', 'components', 'regions', 'channels']);
    const unknown = await importCsv(`${HEADER.join(',')},shoeSize\r\n`).expect(400);
    expect(unknown.body.errors).toEqual([{ field: 'shoeSize', reason: expect.stringMatching(/not a known column/) }]);
    const binary = await importCsv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x22, 0x01])).expect(400);
    expect(binary.body.errors.length).toBeGreaterThan(0);
    expect((await importCsv('').expect(400)).body.errors).toEqual([{ field: 'file', reason: expect.stringMatching(/empty/) }]);
    expect(await count('SELECT count(*) AS n FROM subscriber')).toBe(before);
  });

  it('rejects a row with the wrong number of cells, and keeps the external id unique on the API too', async () => {
    const file = `${HEADER.join(',')}\r\nCRM-A1,Ann,,+4915199990001,Europe/Berlin,en,internet,berlin,sms,false,\r\nCRM-A2,Short\r\n`;
    const report = (await importCsv(file).expect(200)).body;
    expect(report).toMatchObject({ rows: 2, imported: 1, rejected: 1, errors: [{ row: 3, externalId: 'CRM-A2', errors: [{ field: '(row)', reason: 'has 2 cells; the header row names 11' }] }] });
    const http = api(app);
    const body = { name: 'Bea', phone: '+4915199990002', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms'] };
    const conflict = await http.post('/subscribers').send({ ...body, externalId: 'CRM-A1' }).expect(409);
    expect(conflict.body.errors).toEqual([{ field: 'externalId', reason: 'belongs to another subscriber' }]);
    const bea = (await http.post('/subscribers').send({ ...body, externalId: 'CRM-B1' }).expect(201)).body;
    expect(bea.externalId).toBe('CRM-B1');
    expect((await http.patch(`/subscribers/${bea.id}`).send({ externalId: 'CRM-B2' }).expect(200)).body.externalId).toBe('CRM-B2');
    await http.patch(`/subscribers/${bea.id}`).send({ externalId: 'CRM-A1' }).expect(409);
  });
});
