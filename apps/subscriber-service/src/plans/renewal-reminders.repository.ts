import { Injectable } from '@nestjs/common';
import { Channel } from '@prespond/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_REMINDER_OFFSETS } from './reminder-schedule';

/** Offsets are at most this many days (see the plan-type DTO): plans renewing later need no look yet. */
export const MAX_OFFSET_DAYS = 365;

/** An active plan that may have a reminder due, with what the reminder needs about its holder. */
export interface ReminderCandidate {
  planId: string;
  planName: string;
  planType: string;
  renewalDate: string;
  scheduledFrom: Date;
  offsetsDays: number[];
  /** Offsets already sent for this renewal date. */
  sentOffsets: number[];
  subscriber: { id: string; name: string; email: string | null; phone: string | null; timeZone: string; locale: string; channels: Channel[]; optedOutChannels: Channel[] };
}

/** A reminder that was queued (`renewal_reminder`). */
export interface SentReminder {
  renewalDate: string;
  offsetDays: number;
  daysLeft: number;
  channels: Channel[];
  sentAt: Date;
}

interface CandidateRow {
  id: string;
  name: string;
  type: string;
  renewal_date: string;
  scheduled_from: Date;
  offsets_days: number[];
  sent_offsets: number[];
  subscriber_id: string;
  subscriber_name: string;
  email: string | null;
  phone: string | null;
  time_zone: string;
  locale: string;
  channels: Channel[];
  opted_out_channels: Channel[];
}

/** The renewal reminders queued so far (`renewal_reminder`), and the plans that may need one. */
@Injectable()
export class RenewalRemindersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Active plans that may have a reminder due at `now` (loose UTC bounds: zones differ by up to a day; `dueReminder`
   * decides), in id order after `afterId`, locked until the caller's transaction ends (a cancel or new date waits
   * for the round, or the round sees it).
   */
  async candidates(manager: EntityManager, now: Date, afterId: string | null, limit: number): Promise<ReminderCandidate[]> {
    const rows: CandidateRow[] = await manager.query(
      `SELECT p.id, p.name, p.type, p.renewal_date::text AS renewal_date, p.scheduled_from,
              COALESCE(t.offsets_days, $4::int[]) AS offsets_days,
              ARRAY(SELECT r.offset_days FROM renewal_reminder r WHERE r.plan_id = p.id AND r.renewal_date = p.renewal_date) AS sent_offsets,
              s.id AS subscriber_id, s.name AS subscriber_name, s.email, s.phone, s.time_zone, s.locale, s.channels, s.opted_out_channels
         FROM plan p
         JOIN subscriber s ON s.id = p.subscriber_id
         LEFT JOIN plan_type t ON t.type = p.type
        WHERE p.state = 'active'
          AND p.renewal_date >= ($1::timestamptz AT TIME ZONE 'UTC')::date - 1
          AND p.renewal_date <= ($1::timestamptz AT TIME ZONE 'UTC')::date + ${MAX_OFFSET_DAYS + 1}
          AND ($2::uuid IS NULL OR p.id > $2::uuid)
          -- Only plans with an offset whose day has come (give or take a day: zones), that was not past when the
          -- date was set, and with no reminder sent for it or a later offset: a round reads the plans of the day,
          -- not every plan.
          AND EXISTS (
            SELECT 1 FROM unnest(COALESCE(t.offsets_days, $4::int[])) AS o(days)
             WHERE p.renewal_date - o.days <= ($1::timestamptz AT TIME ZONE 'UTC')::date + 1
               AND p.renewal_date - o.days >= (p.scheduled_from AT TIME ZONE 'UTC')::date - 1
               AND NOT EXISTS (SELECT 1 FROM renewal_reminder r
                                WHERE r.plan_id = p.id AND r.renewal_date = p.renewal_date AND r.offset_days <= o.days))
        ORDER BY p.id
        LIMIT $3
        FOR UPDATE OF p`,
      [now, afterId, limit, DEFAULT_REMINDER_OFFSETS],
    );
    return rows.map((r) => ({
      planId: r.id,
      planName: r.name,
      planType: r.type,
      renewalDate: r.renewal_date,
      scheduledFrom: r.scheduled_from,
      offsetsDays: r.offsets_days,
      sentOffsets: r.sent_offsets,
      subscriber: {
        id: r.subscriber_id,
        name: r.subscriber_name,
        email: r.email,
        phone: r.phone,
        timeZone: r.time_zone,
        locale: r.locale,
        channels: r.channels,
        optedOutChannels: r.opted_out_channels,
      },
    }));
  }

  /** Records the reminder; false if it was recorded already (then nothing may be queued for it). */
  async record(manager: EntityManager, planId: string, reminder: Omit<SentReminder, 'sentAt'>, now: Date): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO renewal_reminder (plan_id, renewal_date, offset_days, days_left, channels, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING plan_id`,
      [planId, reminder.renewalDate, reminder.offsetDays, reminder.daysLeft, reminder.channels, now],
    );
    return inserted.length === 1;
  }

  /** The reminders queued for a plan, oldest first. */
  async ofPlan(planId: string): Promise<SentReminder[]> {
    const rows: { renewal_date: string; offset_days: number; days_left: number; channels: Channel[]; sent_at: Date }[] = await this.dataSource.query(
      `SELECT renewal_date::text AS renewal_date, offset_days, days_left, channels, sent_at
         FROM renewal_reminder WHERE plan_id = $1 ORDER BY sent_at, offset_days DESC`,
      [planId],
    );
    return rows.map((r) => ({ renewalDate: r.renewal_date, offsetDays: r.offset_days, daysLeft: r.days_left, channels: r.channels, sentAt: r.sent_at }));
  }
}
