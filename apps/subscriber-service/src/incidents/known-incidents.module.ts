import { Module } from '@nestjs/common';
import { KnownIncidentsRepository } from './known-incidents.repository';

@Module({ providers: [KnownIncidentsRepository], exports: [KnownIncidentsRepository] })
export class KnownIncidentsModule {}
