import { ApiProperty } from '@nestjs/swagger';
import { PROMISE_STATES, PromiseState } from '../promise.entity';
import { PromiseStats } from '../promises.repository';

/** A "next update by" promise as `GET /promises` answers it (the stored row; times as ISO 8601). */
export class PromiseResponse {
  @ApiProperty() id: string;
  @ApiProperty() incidentId: string;
  @ApiProperty({ description: 'The timeline entry that made the promise.' }) updateId: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: PROMISE_STATES }) state: PromiseState;
  @ApiProperty({ nullable: true, type: String, description: 'When ops were alerted that it is close with no update.' }) alertedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) settledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The update that kept (or came after) it.' }) settledByUpdateId: string | null;
  @ApiProperty() createdAt: string;
}

/** An open promise due within the alert lead time, or already past due. */
export class PromiseAtRisk {
  @ApiProperty() incidentId: string;
  @ApiProperty() promiseId: string;
  @ApiProperty() dueAt: string;
  @ApiProperty({ enum: ['at-risk', 'overdue'], description: '`at-risk`: due within the alert lead time; `overdue`: past due, the watchdog has not held it up yet.' })
  state: 'at-risk' | 'overdue';
}

/** Promise-kept figures, overall or for one incident. */
export class PromiseStatsResponse implements PromiseStats {
  @ApiProperty() total: number;
  @ApiProperty() open: number;
  @ApiProperty() kept: number;
  @ApiProperty() keptByWatchdog: number;
  @ApiProperty() broken: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Settled promises kept by a person or the watchdog, as a share of all settled; null before any settled.' })
  keptRate: number | null;
}
