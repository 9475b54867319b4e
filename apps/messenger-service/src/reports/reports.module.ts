import { Module } from '@nestjs/common';
import { CommunicationsController, DeliveriesController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Reports over the message log: delivery figures per incident (for incident-service's report), per-customer logs. */
@Module({
  controllers: [DeliveriesController, CommunicationsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
