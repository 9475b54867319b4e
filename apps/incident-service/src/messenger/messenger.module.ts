import { Module } from '@nestjs/common';
import { MessengerRepository } from './messenger.repository';

/** messenger-service's HTTP API, as the incident report and the delivery estimate ask it. */
@Module({ providers: [MessengerRepository], exports: [MessengerRepository] })
export class MessengerClientModule {}
