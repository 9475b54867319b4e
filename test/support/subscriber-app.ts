import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../apps/subscriber-service/src/app.module';
import { SubscriberServiceConfig } from '../../apps/subscriber-service/src/config/env';
import { EventProducer, OutgoingEvent } from '@prespond/kafka';
import { Clock, validationPipe } from '@prespond/platform';
import { testApiKeys } from './auth';
import { freshDatabase, testKafkaBrokers } from './infra';

/** subscriber-service in this process, as the integration specs use it. */
export interface SubscriberAppUnderTest {
  app: INestApplication;
  stop(): Promise<void>;
}

/**
 * subscriber-service in this process on a fresh database of the shared PostgreSQL, with a producer that records into
 * `sent` what would reach Kafka (directly or through the outbox), optionally a clock the spec moves, and config
 * overrides (timed rounds are off unless a spec turns them on: specs run the rounds themselves). Access control is on
 * with the keys of test/support/auth.ts: call it with `api(app)` (admin) or `api(app, 'ops')`.
 */
export async function startSubscriberApp(
  name: string,
  options: { sent: OutgoingEvent[]; clock?: Clock; config?: Partial<SubscriberServiceConfig> },
): Promise<SubscriberAppUnderTest> {
  const db = await freshDatabase(name);
  let builder = Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        host: '127.0.0.1',
        port: 0,
        apiKeys: testApiKeys(),
        databaseUrl: db.url,
        kafka: { brokers: testKafkaBrokers(), clientId: `${name}-test` },
        // Made up per app, like the stack's: a spec that needs to sign links passes its own.
        preferences: { url: 'http://127.0.0.1:3002', linkSecret: randomBytes(24).toString('hex'), linkTtlDays: 30 },
        selfSubscriptions: { statusPageUrl: 'http://127.0.0.1:3005', expiryMinutes: 60 },
        ...options.config,
      }),
    ],
  })
    .overrideProvider(EventProducer)
    .useValue({ send: async (events: OutgoingEvent[]) => void options.sent.push(...events), onApplicationShutdown: async () => undefined });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const app = (await builder.compile()).createNestApplication({ logger: false });
  app.useGlobalPipes(validationPipe());
  await app.init();
  return {
    app,
    async stop() {
      await app.close();
      await db.drop();
    },
  };
}
