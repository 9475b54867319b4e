import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncidentChangedEvent, NotificationRequestedEvent, parseEvent, SubscriberChangedEvent, Topics } from '@prespond/contracts';
import { waitFor } from '@prespond/sandbox';
import { OutgoingEvent } from '@prespond/kafka';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../test/support/subscriber-app';
import { FanoutService } from './fanout/fanout.service';
import { KnownIncidentsRepository } from './incidents/known-incidents.repository';
import { api } from '../../../test/support/auth';

/** subscriber-service's HTTP API and fan-out planning against a real PostgreSQL (the producer is a recorder here). */
describe('subscriber-service', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];

  const ada = { name: 'Ada', email: 'ada@example.com', phone: '+4915112345678', timeZone: 'Europe/Berlin', components: ['Internet'], regions: ['berlin'], channels: ['sms', 'email'] };

  beforeAll(async () => {
    service = await startSubscriberApp('subscribers', { sent });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('creates, reads, updates and lists subscribers, with tags normalised', async () => {
    const created = (await api(app).post('/subscribers').send(ada).expect(201)).body;
    expect(created).toMatchObject({ name: 'Ada', components: ['internet'], locale: 'en', channels: ['sms', 'email'] });
    await api(app).get(`/subscribers/${created.id}`).expect(200, created);
    const updated = (await api(app).patch(`/subscribers/${created.id}`).send({ regions: ['hamburg'], locale: 'en-GB' }).expect(200)).body;
    expect(updated).toMatchObject({ regions: ['hamburg'], locale: 'en-GB', phone: ada.phone });
    const page = (await api(app).get('/subscribers?region=hamburg&component=internet').expect(200)).body;
    expect(page.items.map((s: { id: string }) => s.id)).toEqual([created.id]);
    expect((await api(app).get('/subscribers?region=berlin').expect(200)).body.items).toEqual([]);
    await api(app).get(`/subscribers/${randomUUID()}`).expect(404);
    // Each change is published through the outbox as subscriber.changed, the latest last.
    const changes = await waitFor(() => {
      const mine = sent.filter((e) => e.topic === Topics.SubscriberChanged && e.key === created.id);
      return mine.length === 2 && mine;
    }, { description: 'two subscriber.changed events' });
    expect(parseEvent<SubscriberChangedEvent>(Topics.SubscriberChanged, changes[1].value).data.subscriber).toMatchObject({ regions: ['hamburg'], locale: 'en-GB' });
  });

  it('answers 400 naming the field and the reason', async () => {
    const noPhone = await api(app).post('/subscribers').send({ ...ada, phone: undefined }).expect(400);
    expect(noPhone.body.errors).toEqual([{ field: 'phone', reason: 'is required when channels include sms' }]);
    const bad = await api(app)
      .post('/subscribers')
      .send({ ...ada, phone: '015112345678', email: 'not-an-email', timeZone: 'Berlin', locale: 'english!', channels: [] })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channels', 'email', 'locale', 'phone', 'timeZone']);
    expect(bad.body.errors.find((e: { field: string }) => e.field === 'phone').reason).toMatch(/E\.164/);
  });

  it('plans one request per affected subscriber and channel, with the same ids when planned again', async () => {
    const post = (body: object) => api(app).post('/subscribers').send(body).expect(201);
    const bea = (await post({ ...ada, name: 'Bea', phone: '+4915112345670', email: 'bea@example.com', regions: ['munich'] })).body;
    const cem = (await post({ ...ada, name: 'Cem', email: 'cem@example.com', phone: undefined, channels: ['email'], regions: ['munich', 'berlin'] })).body;
    await post({ ...ada, name: 'Dan', email: 'dan@example.com', components: ['tv'], regions: ['munich'] });
    const now = new Date().toISOString();
    const event = parseEvent<IncidentChangedEvent>(Topics.IncidentChanged, {
      id: randomUUID(),
      type: 'incident.declared',
      version: 1,
      occurredAt: now,
      data: {
        incident: { id: randomUUID(), title: 'Down', status: 'investigating', severity: 'minor', components: ['internet'], regions: ['munich'], declaredAt: now, resolvedAt: null },
        update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'Down', eta: null, nextUpdateBy: null, createdAt: now },
      },
    });
    const fanout = app.get(FanoutService);
    sent.length = 0;
    expect(await fanout.planIncidentNotifications(event)).toEqual({ requested: 3, held: 0, skipped: 0 });
    const requested = () => sent.filter((e) => e.topic === Topics.NotificationRequested); // the outbox also publishes subscriber.changed
    const first = requested().map((e) => parseEvent<NotificationRequestedEvent>(Topics.NotificationRequested, e.value));
    expect(first.map((r) => `${r.data.recipient.name}:${r.data.channel}`).sort()).toEqual(['Bea:email', 'Bea:sms', 'Cem:email']);
    expect(requested().every((e) => e.key === (e.value as NotificationRequestedEvent).data.recipient.subscriberId)).toBe(true);
    expect(first.find((r) => r.data.recipient.subscriberId === cem.id)?.data.recipient.affectedRegions).toEqual(['munich']);
    expect(first.find((r) => r.data.channel === 'sms')?.data.recipient.address).toBe(bea.phone);

    sent.length = 0;
    await fanout.planIncidentNotifications(event);
    const again = requested().map((e) => (e.value as NotificationRequestedEvent).data.notificationId).sort();
    expect(again).toEqual(first.map((r) => r.data.notificationId).sort());
  });

  it('records every consent change with its source and wording, and nothing for a change that changes nothing', async () => {
    const http = api(app);
    const eve = (await http.post('/subscribers').send({ ...ada, name: 'Eve', phone: '+4915112345690', email: 'eve@example.com', marketingConsent: true, consentWording: 'Yes, tell me about offers.' }).expect(201)).body;
    expect(eve).toMatchObject({ marketingConsent: true, optedOutChannels: [], lastSeenAt: null });
    await http.patch(`/subscribers/${eve.id}`).send({ optedOutChannels: ['sms'], consentSource: 'call' }).expect(200);
    await http.patch(`/subscribers/${eve.id}`).send({ optedOutChannels: ['sms'], consentSource: 'call' }).expect(200); // no change
    await http.patch(`/subscribers/${eve.id}`).send({ marketingConsent: false, optedOutChannels: [], consentSource: 'page' }).expect(200);
    const records = (await http.get(`/subscribers/${eve.id}/consents`).expect(200)).body;
    expect(records.map((r: { purpose: string; granted: boolean; source: string }) => [r.purpose, r.granted, r.source])).toEqual([
      ['marketing', true, 'api'],
      ['sms', false, 'call'],
      ['marketing', false, 'page'],
      ['sms', true, 'page'],
    ]);
    expect(records[0].wording).toBe('Yes, tell me about offers.');
    await http.get(`/subscribers/${randomUUID()}/consents`).expect(404);
    const bad = await http.patch(`/subscribers/${eve.id}`).send({ optedOutChannels: ['fax'], marketingConsent: 'yes' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['marketingConsent', 'optedOutChannels']);
  });

  it('sends incident messages to no channel she opted out of, and remembers the incident', async () => {
    const http = api(app);
    const fay = (await http.post('/subscribers').send({ ...ada, name: 'Fay', phone: '+4915112345691', email: 'fay@example.com', regions: ['bremen'], optedOutChannels: ['sms'] }).expect(201)).body;
    const now = new Date().toISOString();
    const incidentId = randomUUID();
    const event = parseEvent<IncidentChangedEvent>(Topics.IncidentChanged, {
      id: randomUUID(),
      type: 'incident.declared',
      version: 1,
      occurredAt: now,
      data: {
        incident: { id: incidentId, title: 'Down', status: 'investigating', severity: 'major', components: ['internet'], regions: ['bremen'], declaredAt: now, resolvedAt: null },
        update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'Down', eta: null, nextUpdateBy: null, createdAt: now },
      },
    });
    sent.length = 0;
    await app.get(FanoutService).planIncidentNotifications(event);
    const requested = sent.filter((e) => e.topic === Topics.NotificationRequested).map((e) => (e.value as NotificationRequestedEvent).data);
    expect(requested.map((r) => `${r.recipient.name}:${r.channel}`)).toEqual(['Fay:email']);
    const open = await app.get(KnownIncidentsRepository).openTouching({ components: ['internet'], regions: ['bremen'] });
    expect(open.map((i) => i.id)).toEqual([incidentId]);
    expect(await app.get(KnownIncidentsRepository).openTouching({ components: ['tv'], regions: ['bremen'] })).toEqual([]);
    expect(fay.optedOutChannels).toEqual(['sms']);
  });

  it('finds a customer by part of her name, her email address, or her phone number in either form', async () => {
    const post = async (body: object) => (await api(app).post('/subscribers').send({ ...ada, components: ['search-line'], regions: ['searchville'], ...body }).expect(201)).body.id as string;
    const zelda = await post({ name: 'Zelda Quintero-Smith', email: 'zelda.q@example.com', phone: '+4915112340077' });
    const zeno = await post({ name: 'Zeno Quint', email: 'zeno@example.com', phone: '+4915112340079' });
    const percent = await post({ name: 'Q_100% Zulu', email: 'zulu@example.com', phone: '+4915112340078' });
    const found = async (search: string) => (await api(app).get('/subscribers').query({ search }).expect(200)).body.items.map((s: { id: string }) => s.id).sort();
    expect(await found('quint')).toEqual([zelda, zeno].sort());
    expect(await found('QUINTERO')).toEqual([zelda]);
    expect(await found('Zelda.Q@Example.com ')).toEqual([zelda]);
    expect(await found('zelda@example.com')).toEqual([]); // the whole address, not a part
    expect(await found('+49 151 1234 0077')).toEqual([zelda]);
    expect(await found('0049 151 12340077')).toEqual([zelda]);
    expect(await found('0151 12340077')).toEqual([zelda]); // national form: by its last digits
    expect(await found('_100%')).toEqual([percent]); // LIKE's wildcards match only themselves
    expect(await found('1_0')).toEqual([]); // not '100'
    // With the other filters, and paged like any list.
    expect((await api(app).get('/subscribers').query({ search: 'quint', component: 'tv' }).expect(200)).body.items).toEqual([]);
    const first = (await api(app).get('/subscribers').query({ search: 'quint', limit: 1 }).expect(200)).body;
    const second = (await api(app).get('/subscribers').query({ search: 'quint', limit: 1, cursor: first.nextCursor }).expect(200)).body;
    expect([...first.items, ...second.items].map((s: { id: string }) => s.id).sort()).toEqual([zelda, zeno].sort());
    const bad = (await api(app).get('/subscribers').query({ search: 'q' }).expect(400)).body;
    expect(bad.errors).toEqual([expect.objectContaining({ field: 'search' })]);
    expect(JSON.stringify(bad)).not.toContain('"q"');
  });
});
