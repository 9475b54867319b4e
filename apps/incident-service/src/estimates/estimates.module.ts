import { Module } from '@nestjs/common';
import { MessengerClientModule } from '../messenger/messenger.module';
import { SubscriberClientModule } from '../subscribers/subscribers.module';
import { EstimatesService } from './estimates.service';

/** The delivery estimate ops see when they declare (and before: GET /incidents/estimate). */
@Module({ imports: [MessengerClientModule, SubscriberClientModule], providers: [EstimatesService], exports: [EstimatesService] })
export class EstimatesModule {}
