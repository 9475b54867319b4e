import { startService } from '@prespond/platform';
import { AppModule } from './app.module';
import { subscriberServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = subscriberServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    name: 'subscriber-service',
    description: 'Subscribers, and the fan-out of incident changes into notification requests.',
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
