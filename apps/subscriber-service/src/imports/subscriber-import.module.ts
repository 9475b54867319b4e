import { Module } from '@nestjs/common';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { SubscribersModule } from '../subscribers/subscribers.module';
import { SubscriberImportController } from './subscriber-import.controller';
import { SubscriberImportRepository } from './subscriber-import.repository';
import { SubscriberImportService } from './subscriber-import.service';

@Module({
  imports: [SubscribersModule],
  controllers: [SubscriberImportController],
  providers: [SubscriberImportService, SubscriberImportRepository, ConsentRecordsRepository],
})
export class SubscriberImportModule {}
