import { startService } from '@prespond/platform';
import { AppModule, INCIDENT_SERVICE_INFO } from './app.module';
import { incidentServiceConfig } from './config/env';

async function main(): Promise<void> {
  const config = incidentServiceConfig(process.env);
  await startService(AppModule.forRoot(config), {
    ...INCIDENT_SERVICE_INFO,
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
