import { Module } from '@nestjs/common';
import { Outbox } from '@prespond/kafka';
import { EstimatesModule } from '../estimates/estimates.module';
import { PromisesRepository } from '../promises/promises.repository';
import { ReopeningsRepository } from '../reopenings/reopenings.repository';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [EstimatesModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsRepository, PromisesRepository, ReopeningsRepository, Outbox],
  exports: [IncidentsService, IncidentsRepository, PromisesRepository, ReopeningsRepository, Outbox],
})
export class IncidentsModule {}
