import { Module } from '@nestjs/common';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { DataRightsController } from './data-rights.controller';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';
import { MessengerClientModule } from '../messenger/messenger.module';

@Module({
  imports: [SubscribersModule, MessengerClientModule],
  controllers: [DataRightsController],
  providers: [DataRightsService, DataRightsRepository, ConsentRecordsRepository],
})
export class DataRightsModule {}
