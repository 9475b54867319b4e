import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsRepository, Outbox],
  exports: [IncidentsService],
})
export class IncidentsModule {}
