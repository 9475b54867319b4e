import { startService } from '@prespond/platform';
import { AppModule } from './app.module';
import { messengerServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = messengerServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    name: 'messenger-service',
    description: 'Delivers notifications by SMS and email, keeps the message log, serves the on-hold announcement.',
    host: config.host,
    port: config.port,
    kafka: config.kafka,
    consumerGroup: 'messenger-service',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
