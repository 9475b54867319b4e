import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { MaintenanceController } from './maintenance.controller';
import { MaintenanceRepository } from './maintenance.repository';
import { MaintenanceScheduler } from './maintenance-scheduler';
import { MaintenanceService } from './maintenance.service';

@Module({
  // The outbox IncidentsModule provides: one relay for every event of the service.
  imports: [IncidentsModule],
  controllers: [MaintenanceController],
  providers: [MaintenanceRepository, MaintenanceService, MaintenanceScheduler],
  exports: [MaintenanceService, MaintenanceRepository],
})
export class MaintenanceModule {}
