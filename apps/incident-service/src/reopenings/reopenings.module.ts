import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { ReopeningsConsumer } from './reopenings.consumer';
import { ReopeningsController } from './reopenings.controller';
import { ReopeningsService } from './reopenings.service';

@Module({
  imports: [IncidentsModule],
  controllers: [ReopeningsController, ReopeningsConsumer],
  providers: [ReopeningsService],
})
export class ReopeningsModule {}
