import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Channel } from '@prespond/contracts';

/**
 * Addresses we must not send to on a channel: a phone that texted STOP (keywords/), or that Twilio refused with
 * 21610 (she opted out with Twilio directly). A START lifts it. DeliveryService checks it before every send.
 */
@Injectable()
export class SuppressionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async suppress(channel: Channel, address: string, reason: string, source: string): Promise<void> {
    await this.suppressIn(this.dataSource.manager, channel, address, reason, source);
  }

  /** Suppresses in the caller's transaction; true if the address was not suppressed before (the first reason stays). */
  async suppressIn(manager: EntityManager, channel: Channel, address: string, reason: string, source: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'INSERT INTO suppression (channel, address, reason, source) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING address',
      [channel, address, reason, source],
    );
    return rows.length > 0;
  }

  /** Lifts the suppression in the caller's transaction, whatever put it there; true if there was one. */
  async liftIn(manager: EntityManager, channel: Channel, address: string): Promise<boolean> {
    const result = await manager.createQueryBuilder().delete().from('suppression').where('channel = :channel AND address = :address', { channel, address }).execute();
    return (result.affected ?? 0) > 0;
  }

  /** Of these channel × address pairs, the suppressed ones, as `channel:address` keys (`isSuppressed` for many). */
  async suppressedAmong(pairs: { channel: Channel; address: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: { channel: string; address: string }[] = await this.dataSource.query(
      `SELECT s.channel, s.address FROM suppression s
         JOIN unnest($1::text[], $2::text[]) AS p (channel, address) ON s.channel = p.channel AND s.address = p.address`,
      [pairs.map((p) => p.channel), pairs.map((p) => p.address)],
    );
    return new Set(rows.map((r) => `${r.channel}:${r.address}`));
  }

  async isSuppressed(channel: Channel, address: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM suppression WHERE channel = $1 AND address = $2', [channel, address]);
    return rows.length > 0;
  }
}
