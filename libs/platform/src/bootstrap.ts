import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ALL_TOPICS } from '@prespond/contracts';
import { createKafka, ensureTopics, KafkaSettings, kafkaConsumerOptions } from '@prespond/kafka';
import { validationPipe } from './validation';

export interface ServiceBootstrap {
  /** Service name, shown in logs and the API docs. */
  name: string;
  description: string;
  host: string;
  port: number;
  kafka: KafkaSettings;
  /** The consumer group of the service's Kafka handlers; omit for a service that only produces. */
  consumerGroup?: string;
}

/**
 * Creates and starts a service the same way everywhere: topics exist, validation answers 400 with field and reason,
 * Swagger UI at `/docs`, Kafka handlers connected, shutdown hooks on (SIGTERM/SIGINT close cleanly).
 */
export async function startService(module: unknown, options: ServiceBootstrap): Promise<INestApplication> {
  await ensureTopics(createKafka(options.kafka), ALL_TOPICS);
  const app = await NestFactory.create(module as never);
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const docs = new DocumentBuilder().setTitle(`Prespond ${options.name}`).setDescription(options.description).setVersion('1').build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, docs));
  if (options.consumerGroup) {
    app.connectMicroservice(kafkaConsumerOptions(options.kafka, options.consumerGroup), { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  await app.listen(options.port, options.host);
  Logger.log(`${options.name} listening on http://${options.host}:${options.port} (API docs at /docs)`, options.name);
  return app;
}
