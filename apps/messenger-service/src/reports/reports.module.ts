import { Module } from '@nestjs/common';
import { CampaignDeliveriesController, CommunicationsController, DeliveriesController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** Reports over the message log: delivery figures per incident (for incident-service's report), per campaign (for its results), per-customer logs. */
@Module({
  controllers: [DeliveriesController, CampaignDeliveriesController, CommunicationsController],
  providers: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
