import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { IncidentAudienceController } from './incident-audience.controller';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';

@Module({
  controllers: [SubscribersController, IncidentAudienceController],
  providers: [SubscribersService, SubscribersRepository, ConsentRecordsRepository, Outbox],
  exports: [SubscribersRepository, SubscribersService, ConsentRecordsRepository, Outbox],
})
export class SubscribersModule {}
