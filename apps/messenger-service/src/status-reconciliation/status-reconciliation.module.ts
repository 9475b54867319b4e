import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { ProvidersModule } from '../providers/providers.module';
import { StatusReconciliationRound } from './reconciliation-round';
import { StatusReconciliationRepository } from './status-reconciliation.repository';

/**
 * Status reconciliation: texts whose status callbacks were lost are looked up at Twilio, and kept early callbacks
 * expire. It stands on the message log (notifications/) and the Twilio provider (providers/); nothing imports it.
 */
@Module({
  imports: [DeliveryModule, ProvidersModule],
  providers: [StatusReconciliationRound, StatusReconciliationRepository],
})
export class StatusReconciliationModule {}
