import { Module } from '@nestjs/common';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { DataRightsController } from './data-rights.controller';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';
import { DataRightsMessengerRepository } from './messenger.repository';

@Module({
  imports: [SubscribersModule],
  controllers: [DataRightsController],
  providers: [DataRightsService, DataRightsRepository, DataRightsMessengerRepository, ConsentRecordsRepository],
})
export class DataRightsModule {}
