import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';
import { SubscribersController } from './subscribers.controller';
import { SubscribersRepository } from './subscribers.repository';
import { SubscribersService } from './subscribers.service';

@Module({
  controllers: [SubscribersController],
  providers: [SubscribersService, SubscribersRepository, ConsentRecordsRepository, Outbox],
  exports: [SubscribersRepository, SubscribersService, ConsentRecordsRepository, Outbox],
})
export class SubscribersModule {}
