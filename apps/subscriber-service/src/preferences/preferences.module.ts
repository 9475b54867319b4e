import { Module } from '@nestjs/common';
import { PlansRepository } from '../plans/plans.repository';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { FreshLinksService } from './fresh-links.service';
import { PreferencePages } from './preference-pages';
import { PreferencesController } from './preferences.controller';
import { PreferencesService } from './preferences.service';
import { UnsubscribeController } from './unsubscribe.controller';

/** The public pages behind her signed links: preferences, unsubscribe (one-click), fresh links. */
@Module({
  imports: [SubscribersModule],
  controllers: [PreferencesController, UnsubscribeController],
  providers: [PreferencesService, FreshLinksService, PreferencePages, PlansRepository],
})
export class PreferencesModule {}
