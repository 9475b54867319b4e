import { Module } from '@nestjs/common';
import { DataRightsController, SubscriberErasureConsumer } from './data-rights.controller';
import { DataRightsRepository } from './data-rights.repository';
import { DataRightsService } from './data-rights.service';

@Module({
  controllers: [DataRightsController, SubscriberErasureConsumer],
  providers: [DataRightsService, DataRightsRepository],
})
export class DataRightsModule {}
