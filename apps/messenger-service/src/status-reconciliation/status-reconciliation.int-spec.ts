import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NotificationRequestedEvent } from '@prespond/contracts';
import { TwilioSandbox, waitFor } from '@prespond/sandbox';
import { freshDatabase } from '../../../../test/support/infra';
import { messengerTestEnv } from '../../../../test/support/messenger-env';
import { AppModule } from '../app.module';
import { MessengerServiceConfig, messengerServiceConfig } from '../config/env';
import { DeliveryService } from '../delivery/delivery.service';
import { notificationToSend } from '../delivery/outgoing-message';
import { TemplateRenderer } from '../rendering/template-renderer';
import { MessagesRepository } from '../delivery/messages.repository';
import { TwilioSmsProvider } from '../providers/sms/twilio/twilio-sms.provider';
import { StatusReconciliationRound } from './reconciliation-round';
import { StatusReconciliationRepository } from './status-reconciliation.repository';

const PER_SECOND = 20;

/**
 * Status reconciliation in-process, against real PostgreSQL and the Twilio sandbox. Every status callback is lost
 * (the messenger's public URL is where nothing answers), as while a messenger is down; the rounds are driven by the
 * test, and the age of a text is set in its row.
 */
describe('status reconciliation', () => {
  let db: { url: string; drop: () => Promise<void> };
  let sandbox: TwilioSandbox;
  let app: INestApplication;
  /** A request through the send path, as the Kafka adapter hands it over. */
  const deliver = (request: NotificationRequestedEvent['data']) => app.get(DeliveryService).send(notificationToSend(request, app.get(TemplateRenderer)));
  let config: MessengerServiceConfig;
  let round: StatusReconciliationRound;
  let phone = 0;

  const sql = <T = Record<string, any>>(query: string, params: unknown[] = []): Promise<T[]> => app.get(DataSource).query(query, params);
  const rowOf = async (id: string) => (await sql('SELECT status, error_code, status_checks, next_status_check_at FROM message WHERE id = $1', [id]))[0];
  const sidOf = async (id: string): Promise<string> => (await sql('SELECT provider_id FROM message WHERE id = $1', [id]))[0].provider_id;
  /** Makes texts look sent `minutes` ago (the reconciliation delay is 10 minutes). */
  const age = (ids: string[], minutes: number) => sql(`UPDATE message SET sent_at = now() - make_interval(mins => $2) WHERE id = ANY($1::uuid[])`, [ids, minutes]);

  function incidentText(): NotificationRequestedEvent['data'] {
    const now = new Date().toISOString();
    const address = `+4915${String(300_000_000 + phone++).padStart(9, '0')}`;
    return {
      notificationId: randomUUID(),
      channel: 'sms',
      template: 'incident.declared',
      recipient: { subscriberId: randomUUID(), name: 'Ada', address, timeZone: 'Europe/Berlin', locale: 'en', affectedComponents: ['internet'], affectedRegions: ['berlin'] },
      incident: { id: randomUUID(), title: 'Outage', status: 'investigating', severity: 'major', components: ['internet'], regions: ['berlin'], declaredAt: now, resolvedAt: null },
      update: { id: randomUUID(), sequence: 1, status: 'investigating', message: 'A cable was cut.', eta: null, nextUpdateBy: null, createdAt: now },
    };
  }

  /** Sends `count` texts through the delivery path; resolves once Twilio delivered each and every callback was lost. */
  async function sendWithCallbacksLost(count: number): Promise<string[]> {
    const requests = Array.from({ length: count }, incidentText);
    for (const request of requests) expect(await deliver(request)).toBe('SENT');
    const ids = requests.map((r) => r.notificationId);
    const sids = new Set(await Promise.all(ids.map(sidOf)));
    await waitFor(() => sandbox.callbacks.filter((c) => sids.has(c.params.MessageSid) && c.responseStatus === 'unreachable').length === 3 * count, {
      description: `the ${3 * count} lost callbacks`,
    });
    expect(sandbox.messages.filter((m) => sids.has(m.sid)).map((m) => m.status)).toEqual(Array(count).fill('delivered'));
    return ids;
  }

  beforeAll(async () => {
    db = await freshDatabase('reconcile');
    sandbox = await TwilioSandbox.start({ accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: randomUUID(), callbackDelayMs: 5 });
    config = messengerServiceConfig(
      messengerTestEnv(
        { databaseUrl: db.url, sandbox },
        {
          PUBLIC_URL: 'http://127.0.0.1:9', // every status callback is lost
          STATUS_RECONCILE_INTERVAL_MS: '0', // rounds are driven by the test
          STATUS_RECONCILE_AFTER_SECONDS: '600',
          STATUS_RECONCILE_PER_SECOND: String(PER_SECOND),
          EARLY_STATUS_TTL_MINUTES: '60',
          FOLLOW_UP_INTERVAL_MS: '0',
          DEFERRED_INTERVAL_MS: '0',
        },
      ),
    );
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    round = app.get(StatusReconciliationRound);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('settles texts left queued or sent as Twilio has them (an undelivered one with its error code), and leaves a young one alone', async () => {
    const [queued, sent, undelivered, young] = await sendWithCallbacksLost(4);
    // The "sent" callback of one came, its "delivered" did not.
    await app.get(MessagesRepository).reportStatuses([{ providerId: await sidOf(sent), status: 'sent' }]);
    // Twilio could not reach the phone of another (the sandbox delivers every text: its record is set as Twilio's reads).
    const undeliveredSid = await sidOf(undelivered);
    Object.assign(sandbox.messages.find((m) => m.sid === undeliveredSid)!, { status: 'undelivered', error_code: 30003, error_message: 'Unreachable destination handset' });
    expect([(await rowOf(queued)).status, (await rowOf(sent)).status]).toEqual(['queued', 'sent']);
    await age([queued, sent, undelivered], 11);

    expect(await round.round()).toMatchObject({ ran: true, lookedUp: 3, settled: 3, stillOpen: 0, unknown: 0, failed: 0 });
    expect(await rowOf(queued)).toMatchObject({ status: 'delivered', status_checks: 1 });
    expect(await rowOf(sent)).toMatchObject({ status: 'delivered', status_checks: 1 });
    expect(await rowOf(undelivered)).toMatchObject({ status: 'undelivered', error_code: '30003' });
    expect(await rowOf(young)).toMatchObject({ status: 'queued', status_checks: 0, next_status_check_at: null });
    expect(await round.round()).toMatchObject({ lookedUp: 0 });
  });

  it('looks again with backoff at a text Twilio has not settled, and never again at one Twilio does not know', async () => {
    const [open] = await sendWithCallbacksLost(1);
    const openSid = await sidOf(open);
    const atTwilio = sandbox.messages.find((m) => m.sid === openSid)!;
    atTwilio.status = 'sent'; // no delivery receipt from the carrier yet
    await age([open], 11);
    // A text whose sid Twilio does not know (sent from another account, say).
    const stranger = randomUUID();
    await sql(
      `INSERT INTO message (id, channel, template, address, kind, body, status, provider_id, created_at, sent_at, status_at)
       VALUES ($1, 'sms', 'incident.declared', '+4915100000001', 'service', 'text', 'queued', $2, now(), now() - interval '11 minutes', now())`,
      [stranger, `SM${randomBytes(16).toString('hex')}`],
    );

    const before = Date.now();
    expect(await round.round()).toMatchObject({ lookedUp: 2, settled: 0, stillOpen: 1, unknown: 1, gaveUp: 0 });
    const waiting = await rowOf(open);
    expect(waiting).toMatchObject({ status: 'sent', status_checks: 1 });
    // Looked at again the delay after this look (10 minutes), then 20, 40…
    expect(waiting.next_status_check_at.getTime() - before).toBeGreaterThanOrEqual(600_000);
    expect(waiting.next_status_check_at.getTime() - Date.now()).toBeLessThanOrEqual(600_000);
    expect(await rowOf(stranger)).toMatchObject({ status: 'queued', status_checks: 1, next_status_check_at: Infinity });

    expect(await round.round()).toMatchObject({ lookedUp: 0 });
    atTwilio.status = 'delivered';
    await sql(`UPDATE message SET next_status_check_at = now() WHERE id = $1`, [open]); // its next look is due
    expect(await round.round()).toMatchObject({ lookedUp: 1, settled: 1 });
    expect(await rowOf(open)).toMatchObject({ status: 'delivered', status_checks: 2 });
  });

  it('claims each text for one reconciler; two rounds at once look each text up once, at the configured rate', async () => {
    const ids = await sendWithCallbacksLost(40);
    await age(ids, 11);
    const repository = app.get(StatusReconciliationRepository);
    const now = new Date();
    const lease = new Date(now.getTime() + 60_000);
    const claims = await Promise.all([25, 25].map((limit) => repository.claimDue(now, new Date(now.getTime() - 600_000), lease, limit)));
    const claimed = claims.flat().map((t) => t.id);
    expect(claimed.sort()).toEqual([...ids].sort()); // together all 40, none twice
    await sql('UPDATE message SET next_status_check_at = NULL WHERE id = ANY($1::uuid[])', [ids]); // the leases end

    const lookups: { sid: string; at: number }[] = [];
    const lookUp = TwilioSmsProvider.prototype.lookUp;
    jest.spyOn(TwilioSmsProvider.prototype, 'lookUp').mockImplementation(function (this: TwilioSmsProvider, sid: string) {
      lookups.push({ sid, at: Date.now() });
      return lookUp.call(this, sid);
    });
    // A second replica's round: its own rate limiter, the same database.
    const other = new StatusReconciliationRound(repository, app.get(MessagesRepository), app.get(TwilioSmsProvider), config);
    const rounds = await Promise.all([round.round(), other.round()]);
    jest.restoreAllMocks();

    expect(rounds.map((r) => r.ran).sort()).toEqual([false, true]); // the other was in its round
    expect(rounds.reduce((sum, r) => sum + r.settled, 0)).toBe(40);
    const sids = await Promise.all(ids.map(sidOf));
    expect(lookups.map((l) => l.sid).sort()).toEqual(sids.sort());
    const times = lookups.map((l) => l.at).sort((a, b) => a - b);
    const rate = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000);
    console.log(`status reconciliation: ${lookups.length} lookups at ${rate.toFixed(2)}/s (setting ${PER_SECOND}/s)`);
    expect(rate).toBeLessThanOrEqual(PER_SECOND * 1.05);
    expect(rate).toBeGreaterThanOrEqual(PER_SECOND * 0.8); // the bound is what holds it back, nothing else
    const statuses = await sql<{ status: string }>('SELECT DISTINCT status FROM message WHERE id = ANY($1::uuid[])', [ids]);
    expect(statuses).toEqual([{ status: 'delivered' }]);
  });

  it('drops callbacks kept for texts with no send record once they are older than EARLY_STATUS_TTL_MINUTES', async () => {
    const [stale, fresh] = [`SM${randomBytes(16).toString('hex')}`, `SM${randomBytes(16).toString('hex')}`];
    await app.get(MessagesRepository).reportStatuses([
      { providerId: stale, status: 'delivered' },
      { providerId: fresh, status: 'sent' },
    ]);
    await sql(`UPDATE early_status SET received_at = now() - interval '61 minutes' WHERE provider_id = $1`, [stale]);

    expect(await round.round()).toMatchObject({ expiredEarlyStatuses: 1 });
    const kept = await sql('SELECT provider_id FROM early_status WHERE provider_id = ANY($1::text[])', [[stale, fresh]]);
    expect(kept).toEqual([{ provider_id: fresh }]);
  });
});
