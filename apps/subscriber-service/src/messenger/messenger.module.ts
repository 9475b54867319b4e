import { Module } from '@nestjs/common';
import { MessengerRepository } from './messenger.repository';

/** messenger-service's HTTP API, as subscriber-service's campaigns and data rights ask it. */
@Module({ providers: [MessengerRepository], exports: [MessengerRepository] })
export class MessengerClientModule {}
