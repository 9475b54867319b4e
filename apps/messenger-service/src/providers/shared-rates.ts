import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TurnSource } from './rate-limiter';

/** The TurnSource of the messengers' shared rates, for the providers (see SharedRates). */
export const SHARED_RATES = Symbol('SHARED_RATES');

/**
 * Sender rates shared by every messenger: one row per sending number (and one for the SMTP server) in `send_rate`,
 * holding the time the next free turn starts. A messenger books a block of turns in one statement (the row's lock
 * serialises bookings), so the blocks of different messengers never overlap and the sum of their sends keeps the
 * configured rate, however many messengers run and however the partitions are spread among them.
 *
 * Why this and not one partition per sender: requests are keyed by subscriber (her messages stay in order, and the
 * fan-out need not know the senders), a sender's texts are spread over every partition, and the email rate belongs to
 * no partition at all; a row costs one short statement per quarter-second of sending per messenger. The database's
 * clock decides the turns, so the messengers' clocks need not agree: each is told how far from now its block starts.
 */
@Injectable()
export class SharedRates implements TurnSource {
  constructor(private readonly dataSource: DataSource) {}

  async reserve(key: string, count: number, intervalMs: number): Promise<number> {
    const [row] = await this.dataSource.query(
      `INSERT INTO send_rate AS r (key, next_at) VALUES ($1, now() + $2::int * make_interval(secs => $3::float8 / 1000))
       ON CONFLICT (key) DO UPDATE SET next_at = greatest(r.next_at, now()) + $2::int * make_interval(secs => $3::float8 / 1000)
       RETURNING extract(epoch FROM r.next_at - now()) * 1000 - $2::int * $3::float8 AS first_in_ms`,
      [key, count, intervalMs],
    );
    return Number(row.first_in_ms);
  }
}
