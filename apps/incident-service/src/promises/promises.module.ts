import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { PromiseWatchdog } from './promise-watchdog';
import { PromisesController } from './promises.controller';

@Module({
  imports: [IncidentsModule],
  controllers: [PromisesController],
  providers: [PromiseWatchdog],
})
export class PromisesModule {}
