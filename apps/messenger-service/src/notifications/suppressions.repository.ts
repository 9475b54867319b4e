import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel } from '@prespond/contracts';

/** Addresses we must not send to on a channel (e.g. a phone that answered STOP: Twilio error 21610). */
@Injectable()
export class SuppressionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async suppress(channel: Channel, address: string, reason: string, source: string): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO suppression (channel, address, reason, source) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
      [channel, address, reason, source],
    );
  }

  async isSuppressed(channel: Channel, address: string): Promise<boolean> {
    const rows = await this.dataSource.query('SELECT 1 FROM suppression WHERE channel = $1 AND address = $2', [channel, address]);
    return rows.length > 0;
  }
}
