import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ALL_TOPICS, CampaignDeliveriesSchema } from '@prespond/contracts';
import { createKafka, ensureTopics } from '@prespond/kafka';
import { validationPipe } from '@prespond/platform';
import { freshDatabase, testKafkaBrokers } from '../../../../test/support/infra';
import { AppModule } from '../app.module';
import { messengerServiceConfig } from '../config/env';
import { MessageEntity, MessageStatus } from '../delivery/message.entity';
import { api } from '../../../../test/support/auth';
import { messengerTestEnv } from '../../../../test/support/messenger-env';

/** What campaigns ask the messenger: a campaign's delivery figures per channel, and a message rendered without sending. */
describe('messenger campaign reports and message previews', () => {
  const brokers = testKafkaBrokers();
  let db: { url: string; drop: () => Promise<void> };
  let app: INestApplication;
  const http = () => api(app);
  const t0 = new Date('2026-11-20T10:00:00.000Z');
  const campaignId = randomUUID();

  function message(fields: Partial<MessageEntity> & { status: MessageStatus }): MessageEntity {
    return Object.assign(new MessageEntity(), {
      id: randomUUID(), subscriberId: randomUUID(), channel: 'sms', template: 'campaign', address: '+4915112345678', incidentId: null, updateId: null,
      updateSequence: null, updateCreatedAt: null, kind: 'marketing', campaignId, subject: null, body: 'text', providerId: null, errorCode: null,
      errorMessage: null, attempts: 1, attemptedAt: null, createdAt: t0, sentAt: null, statusAt: t0, ...fields,
    });
  }

  beforeAll(async () => {
    db = await freshDatabase('campaign_reports');
    await ensureTopics(createKafka({ brokers, clientId: 'test' }), ALL_TOPICS);
    const config = messengerServiceConfig(messengerTestEnv({ databaseUrl: db.url }));
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(validationPipe());
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('counts a campaign per channel: messages, sent, delivered, failed (suppressed included), deferred', async () => {
    await app.get(DataSource).getRepository(MessageEntity).insert([
      message({ status: 'delivered', sentAt: t0 }),
      message({ status: 'read', sentAt: t0 }),
      message({ status: 'undelivered', sentAt: t0 }),
      message({ status: 'failed', errorCode: 'suppressed' }),
      message({ status: 'pending' }),
      message({ status: 'deferred', dueAt: t0 }), // waiting for her quiet hours to end
      message({ channel: 'email', status: 'sent', sentAt: t0 }),
      message({ campaignId: randomUUID(), status: 'delivered', sentAt: t0 }), // another campaign
      message({ campaignId: null, kind: 'service', status: 'delivered', sentAt: t0 }),
    ]);
    const body = (await http().get(`/reports/campaigns/${campaignId}`).expect(200)).body;
    expect(CampaignDeliveriesSchema.parse(body)).toEqual({
      campaignId,
      channels: [
        { channel: 'email', messages: 1, sent: 1, delivered: 0, failed: 0, deferred: 0 },
        { channel: 'sms', messages: 6, sent: 3, delivered: 2, failed: 2, deferred: 1 },
      ],
    });
    expect((await http().get(`/reports/campaigns/${randomUUID()}`).expect(200)).body.channels).toEqual([]);
    await http().get('/reports/campaigns/not-a-uuid').expect(400);
  });

  it('renders a message.requested without sending it; a bad request or template is a 400 naming the field', async () => {
    const data = {
      messageId: randomUUID(), channel: 'email', kind: 'marketing', template: 'campaign', campaignId,
      recipient: { subscriberId: randomUUID(), name: 'Ada', address: 'ada@example.com', timeZone: 'Europe/Berlin', locale: 'en' },
      props: { campaign: 'Spring & Summer' },
      content: { subject: 'For {{name}}', text: 'Hi {{name}}, {{campaign}} offer.', html: '<p>Hi {{name}}, {{campaign}}</p>' },
    };
    expect((await http().post('/previews/messages').send(data).expect(200)).body).toEqual({
      subject: 'For Ada', text: 'Hi Ada, Spring & Summer offer.', html: '<p>Hi Ada, Spring &amp; Summer</p>',
    });
    const bad = await http().post('/previews/messages').send({ ...data, recipient: { ...data.recipient, address: '' } }).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'recipient.address' })]);
    const broken = await http().post('/previews/messages').send({ ...data, content: { text: 'Hi {{#if}}' } }).expect(400);
    expect(broken.body.errors).toEqual([expect.objectContaining({ field: 'content' })]);
    expect(await app.get(DataSource).getRepository(MessageEntity).countBy({ address: 'ada@example.com' })).toBe(0);
  });
});
