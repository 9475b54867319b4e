import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { MessengerRepository } from './messenger.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The incident report: timeline and promises from here, delivery figures from messenger-service. */
@Module({
  imports: [IncidentsModule],
  controllers: [ReportsController],
  providers: [ReportsService, MessengerRepository],
})
export class ReportsModule {}
