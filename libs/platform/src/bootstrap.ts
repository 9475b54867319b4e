import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ALL_TOPICS } from '@prespond/contracts';
import { BatchConsumers, createKafka, ensureTopics, KafkaSettings, kafkaConsumerOptions } from '@prespond/kafka';
import { validationPipe } from './validation';

/** What a service is called and what it does, as its logs and API document say (each app's `app.module.ts`). */
export interface ServiceInfo {
  /** Service name, shown in logs and the API docs. */
  name: string;
  description: string;
}

export interface ServiceBootstrap extends ServiceInfo {
  host: string;
  port: number;
  kafka: KafkaSettings;
  /** The consumer group of the service's Kafka handlers; omit for a service that only produces. */
  consumerGroup?: string;
  /** How long a SIGTERM/SIGINT shutdown may take before the process exits anyway. */
  shutdownDeadlineMs?: number;
  /** Handle SIGTERM/SIGINT (on for a service process; off when several apps share a process, as in tests). */
  handleSignals?: boolean;
}

/**
 * Closes the app on SIGTERM or SIGINT: Kafka consumers stop fetching and finish what they hold (offsets committed),
 * the outbox is flushed, HTTP stops, then the database closes. Past the deadline the process exits anyway (what was
 * not committed is redelivered after the restart, so nothing is lost).
 */
function closeOnSignals(app: INestApplication, name: string, deadlineMs: number): void {
  const logger = new Logger(name);
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: draining and shutting down (deadline ${deadlineMs} ms)`);
    const timer = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting with work still open (it will be redelivered)');
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    try {
      await app.close();
      logger.log('shut down cleanly');
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${error}`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

/**
 * The service's OpenAPI document, as `/docs` and `/docs-json` serve it. `deploy/openapi.ts` (`npm run openapi`) writes
 * the same document, and the client types made from it, to `libs/contracts/src/http/openapi/`.
 */
export function openApiDocument(app: INestApplication, info: ServiceInfo): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Prespond ${info.name}`)
    .setDescription(info.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (API_KEYS): ops, marketing or admin' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/**
 * Creates and starts a service the same way everywhere: topics exist, validation answers 400 with field and reason,
 * Swagger UI at `/docs`, Kafka handlers connected, shutdown hooks on (SIGTERM/SIGINT close cleanly).
 */
export async function startService(module: unknown, options: ServiceBootstrap): Promise<INestApplication> {
  await ensureTopics(createKafka(options.kafka), ALL_TOPICS);
  const app = await NestFactory.create(module as never);
  app.useGlobalPipes(validationPipe());
  if (options.handleSignals ?? true) closeOnSignals(app, options.name, options.shutdownDeadlineMs ?? 25_000);
  // Swagger UI is served outside the controllers (no key needed to read it); its "Authorize" button takes a key.
  SwaggerModule.setup('docs', app, () => openApiDocument(app, options));
  if (options.consumerGroup) {
    app.connectMicroservice(kafkaConsumerOptions(options.kafka, options.consumerGroup), { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  // After listen: handlers register for batches when the app initialises.
  if (options.consumerGroup) await app.get(BatchConsumers).start(options.consumerGroup);
  Logger.log(`${options.name} listening on http://${options.host}:${options.port} (API docs at /docs)`, options.name);
  return app;
}
