import { Module } from '@nestjs/common';
import { MarketingLedgerModule } from '../marketing/marketing-ledger.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { AudienceRepository } from './audience.repository';
import { CampaignRunner } from './campaign-runner';
import { CampaignsController } from './campaigns.controller';
import { CampaignsRepository } from './campaigns.repository';
import { CampaignsService } from './campaigns.service';
import { MessengerClientModule } from '../messenger/messenger.module';

/** Marketing campaigns: the API, the runner that sends them, and their results. */
@Module({
  imports: [SubscribersModule, MarketingLedgerModule, MessengerClientModule],
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignsRepository, AudienceRepository, CampaignRunner],
  exports: [CampaignRunner],
})
export class CampaignsModule {}
