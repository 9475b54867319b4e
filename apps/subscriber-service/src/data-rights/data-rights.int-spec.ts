import { INestApplication } from '@nestjs/common';
import { api } from '../../../../test/support/auth';
import { freePort } from '@prespond/sandbox';
import { parseEvent, SubscriberErasedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { waitFor } from '@prespond/sandbox';
import { startSubscriberApp, SubscriberAppUnderTest } from '../../../../test/support/subscriber-app';

/** Erasure in subscriber-service against a real PostgreSQL (the producer records what the outbox publishes). */
describe('subscriber erasure', () => {
  let service: SubscriberAppUnderTest;
  let app: INestApplication;
  const sent: OutgoingEvent[] = [];
  const http = () => api(app);
  const ada = { externalId: 'CRM-ADA', name: 'Ada', email: 'ada@example.com', phone: '+4915112345678', timeZone: 'Europe/Berlin', components: ['internet'], regions: ['berlin'], channels: ['sms', 'email'], marketingConsent: true };

  beforeAll(async () => {
    // Nothing listens there: the export cannot reach the messenger.
    service = await startSubscriberApp('subscriber_erasure', { sent, config: { messenger: { url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000, apiKey: 'no-messenger-answers-here-anyway' } } });
    app = service.app;
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('erases once, publishes subscriber.erased once, keeps her out of lists and imports, and exports only with the messenger', async () => {
    const { id } = (await http().post('/subscribers').send(ada).expect(201)).body;
    const unreachable = await http().get(`/subscribers/${id}/export`).expect(503);
    expect(unreachable.body.message).toMatch(/messenger-service cannot be reached/);

    await http().delete(`/subscribers/${id}`).expect(204);
    await http().delete(`/subscribers/${id}`).expect(204);
    const erasures = await waitFor(() => {
      const mine = sent.filter((e) => e.topic === Topics.SubscriberErased);
      return mine.length > 0 && mine;
    }, { description: 'subscriber.erased published' });
    expect(erasures).toHaveLength(1);
    expect(erasures[0].key).toBe(id);
    expect(parseEvent<SubscriberErasedEvent>(Topics.SubscriberErased, erasures[0].value).data.subscriberId).toBe(id);

    expect((await http().get(`/subscribers/${id}`).expect(200)).body).toMatchObject({ name: '(erased)', email: null, phone: null, channels: [], externalId: 'CRM-ADA' });
    expect((await http().get('/subscribers').expect(200)).body.items).toEqual([]);
    await http().patch(`/subscribers/${id}`).send({ email: 'ada@example.com' }).expect(409);
    const csv = 'externalId,name,email,phone,timeZone,components,regions,channels\r\nCRM-ADA,Ada,ada@example.com,+4915112345678,Europe/Berlin,internet,berlin,sms\r\n';
    const report = (await http().post('/subscribers/import').set('content-type', 'text/csv').send(csv).expect(200)).body;
    expect(report).toMatchObject({ imported: 0, updated: 0, rejected: 1, errors: [{ row: 2, externalId: 'CRM-ADA', errors: [{ field: 'externalId', reason: 'belongs to a subscriber erased at her request' }] }] });
  });
});
