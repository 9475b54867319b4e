import { startService } from '@prespond/platform';
import { AppModule } from './app.module';
import { incidentServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = incidentServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    name: 'incident-service',
    description: 'Ops declare incidents and post updates; every change is published on incident.changed. Customers still having trouble after a resolution reopen it for themselves.',
    host: config.host,
    port: config.port,
    kafka: config.kafka,
    consumerGroup: 'incident-service',
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
