import { startService } from '@prespond/platform';
import { AppModule, SUBSCRIBER_SERVICE_INFO } from './app.module';
import { subscriberServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = subscriberServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    ...SUBSCRIBER_SERVICE_INFO,
    host: config.host,
    port: config.port,
    kafka: config.kafka,
    consumerGroup: 'subscriber-service.fanout',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
