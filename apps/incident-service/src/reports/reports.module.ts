import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { MessengerClientModule } from '../messenger/messenger.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The incident report: timeline and promises from here, delivery figures from messenger-service. */
@Module({
  imports: [IncidentsModule, MessengerClientModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
