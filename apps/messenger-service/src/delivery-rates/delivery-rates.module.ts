import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module';
import { DeliveryRatesController } from './delivery-rates.controller';

@Module({ imports: [ProvidersModule], controllers: [DeliveryRatesController] })
export class DeliveryRatesModule {}
