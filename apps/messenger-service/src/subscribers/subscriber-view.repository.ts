import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SubscriberSnapshot } from '@prespond/contracts';
import { QuietHoursSettings } from '../quiet-hours/quiet-hours-policy';

/** messenger-service's copy of the subscribers, kept from subscriber.changed. */
@Injectable()
export class SubscriberViewRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Stores the snapshot unless a newer one is already there (redeliveries and reordering are harmless), and never for
   * a subscriber erased at her request (a snapshot read after subscriber.erased must not bring her copy back).
   */
  async upsertIfNewer(s: SubscriberSnapshot, quiet: QuietHoursSettings): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO subscriber_view (id, name, email, phone, time_zone, locale, components, regions, channels, updated_at,
                                   marketing_consent, opted_out_channels,
                                   quiet_hours_start, quiet_hours_end, quiet_hours_incidents, quiet_hours_critical)
       SELECT $1, $2, $3, $4, $5, $6, $7::text[], $8::text[], $9::text[], $10, $11::boolean, $12::text[],
              $13::text, $14::text, $15::text, $16::boolean
        WHERE NOT EXISTS (SELECT 1 FROM erased_subscriber WHERE subscriber_id = $1)
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name, email = EXCLUDED.email, phone = EXCLUDED.phone, time_zone = EXCLUDED.time_zone,
         locale = EXCLUDED.locale, components = EXCLUDED.components, regions = EXCLUDED.regions,
         channels = EXCLUDED.channels, updated_at = EXCLUDED.updated_at,
         marketing_consent = EXCLUDED.marketing_consent, opted_out_channels = EXCLUDED.opted_out_channels,
         quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
         quiet_hours_incidents = EXCLUDED.quiet_hours_incidents, quiet_hours_critical = EXCLUDED.quiet_hours_critical
       WHERE subscriber_view.updated_at < EXCLUDED.updated_at`,
      [
        s.id, s.name, s.email, s.phone, s.timeZone, s.locale, s.components, s.regions, s.channels, s.updatedAt,
        s.marketingConsent ?? null, s.optedOutChannels ?? null, quiet.start, quiet.end, quiet.incidents, quiet.critical,
      ],
    );
  }

  async findById(id: string): Promise<SubscriberSnapshot | undefined> {
    const [row] = await this.dataSource.query('SELECT * FROM subscriber_view WHERE id = $1', [id]);
    return row && toSnapshot(row);
  }

  /** `findById` for many, in one query; the ones without a copy are missing from the map. */
  async findByIds(ids: string[]): Promise<Map<string, SubscriberSnapshot>> {
    if (ids.length === 0) return new Map();
    const rows: SubscriberViewRow[] = await this.dataSource.query('SELECT * FROM subscriber_view WHERE id = ANY($1::uuid[])', [ids]);
    return new Map(rows.map((row) => [row.id, toSnapshot(row)]));
  }

  /**
   * The subscriber with this phone number (E.164). Should two profiles share a number, the most recently changed
   * one answers, so the same caller is always the same subscriber.
   */
  async findByPhone(phone: string): Promise<SubscriberSnapshot | undefined> {
    const [row] = await this.dataSource.query(
      'SELECT * FROM subscriber_view WHERE phone = $1 ORDER BY updated_at DESC, id LIMIT 1',
      [phone],
    );
    return row && toSnapshot(row);
  }
}

/** A subscriber_view row as pg returns it. */
interface SubscriberViewRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  time_zone: string;
  locale: string;
  components: string[];
  regions: string[];
  channels: SubscriberSnapshot['channels'];
  updated_at: Date;
  marketing_consent: boolean | null;
  opted_out_channels: SubscriberSnapshot['channels'] | null;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  quiet_hours_incidents: NonNullable<SubscriberSnapshot['quietHoursIncidents']>;
  quiet_hours_critical: boolean;
}

function toSnapshot(row: SubscriberViewRow): SubscriberSnapshot {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    timeZone: row.time_zone,
    locale: row.locale,
    components: row.components,
    regions: row.regions,
    channels: row.channels,
    ...(row.marketing_consent !== null ? { marketingConsent: row.marketing_consent } : {}),
    ...(row.opted_out_channels !== null ? { optedOutChannels: row.opted_out_channels } : {}),
    quietHoursStart: row.quiet_hours_start,
    quietHoursEnd: row.quiet_hours_end,
    quietHoursIncidents: row.quiet_hours_incidents,
    quietHoursCritical: row.quiet_hours_critical,
    updatedAt: row.updated_at.toISOString(),
  };
}
