import { startService } from '@prespond/platform';
import { AppModule, MESSENGER_SERVICE_INFO } from './app.module';
import { messengerServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = messengerServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    ...MESSENGER_SERVICE_INFO,
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
