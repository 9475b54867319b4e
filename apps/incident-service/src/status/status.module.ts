import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { StatusSnapshotService } from './status-snapshot.service';

@Module({ controllers: [StatusController], providers: [StatusSnapshotService] })
export class StatusModule {}
