import { Module } from '@nestjs/common';
import { SubscribersRepository } from './subscribers.repository';

/** subscriber-service's HTTP API, as the delivery estimate asks it. */
@Module({ providers: [SubscribersRepository], exports: [SubscribersRepository] })
export class SubscriberClientModule {}
