import { Module } from '@nestjs/common';
import { KnownIncidentsModule } from '../incidents/known-incidents.module';
import { MarketingLedgerModule } from '../marketing/marketing-ledger.module';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { WelcomeBackSettingsController } from './welcome-back-settings.controller';
import { WelcomeBackService } from './welcome-back.service';
import { WelcomeBacksController } from './welcome-backs.controller';
import { WelcomeBacksRepository } from './welcome-backs.repository';

@Module({
  imports: [SubscribersModule, KnownIncidentsModule, MarketingLedgerModule],
  controllers: [WelcomeBacksController, WelcomeBackSettingsController],
  providers: [WelcomeBackService, WelcomeBacksRepository],
  exports: [WelcomeBackService],
})
export class WelcomeBackModule {}
