import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ExportedFollowUp, ExportedInboundText, ExportedMessage, MessengerSubscriberExport } from '@prespond/contracts';

/** What she is called where a name must stay (follow_up.name is NOT NULL). */
const ERASED = '(erased)';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/**
 * Everything the messenger keeps about one subscriber, and its erasure. Her inbound texts carry no subscriber id:
 * they are hers when they came from a number she was messaged at (or her copy's phone), or answer her follow-ups.
 */
@Injectable()
export class DataRightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async exportOf(subscriberId: string): Promise<MessengerSubscriberExport> {
    const q = this.dataSource;
    const [erased] = await q.query('SELECT erased_at FROM erased_subscriber WHERE subscriber_id = $1', [subscriberId]);
    const [view] = await q.query('SELECT name, email, phone, time_zone, locale, updated_at FROM subscriber_view WHERE id = $1', [subscriberId]);
    const messages = await q.query(
      `SELECT id, channel, template, kind, address, subject, body, incident_id, campaign_id, status, error_code, created_at, sent_at, status_at
         FROM message WHERE subscriber_id = $1 ORDER BY created_at DESC, id DESC`,
      [subscriberId],
    );
    const followUps = await q.query(
      `SELECT f.id, f.incident_id, f.channel, f.address, f.incident_title, f.affected, f.due_at, f.asked_at, f.answer, f.answered_at, f.acknowledged_at,
              COALESCE(json_agg(json_build_object('answer', a.answer, 'via', a.via, 'counted', a.counted, 'receivedAt', a.received_at) ORDER BY a.id)
                       FILTER (WHERE a.id IS NOT NULL), '[]') AS answers
         FROM follow_up f LEFT JOIN follow_up_answer a ON a.follow_up_id = f.id
        WHERE f.subscriber_id = $1 GROUP BY f.id ORDER BY f.created_at`,
      [subscriberId],
    );
    const inbound = await this.inboundOf(this.dataSource.manager, subscriberId);
    return {
      subscriberId,
      erasedAt: iso(erased?.erased_at ?? null),
      profile: view
        ? { name: view.name, email: view.email, phone: view.phone, timeZone: view.time_zone, locale: view.locale, updatedAt: view.updated_at.toISOString() }
        : null,
      messages: messages.map(
        (m: Record<string, any>): ExportedMessage => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
          id: m.id, channel: m.channel, template: m.template, kind: m.kind, address: m.address, subject: m.subject, body: m.body,
          incidentId: m.incident_id, campaignId: m.campaign_id, status: m.status, errorCode: m.error_code,
          createdAt: m.created_at.toISOString(), sentAt: iso(m.sent_at), statusAt: m.status_at.toISOString(),
        }),
      ),
      inboundTexts: inbound.map(
        (t): ExportedInboundText => ({ sid: t.sid, fromNumber: t.from_number, body: t.body, handledAs: t.handled_as, followUpId: t.follow_up_id, receivedAt: t.received_at.toISOString() }),
      ),
      followUps: followUps.map(
        (f: Record<string, any>): ExportedFollowUp => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
          id: f.id, incidentId: f.incident_id, channel: f.channel, address: f.address, incidentTitle: f.incident_title, affected: f.affected,
          dueAt: f.due_at.toISOString(), askedAt: iso(f.asked_at), answer: f.answer, answeredAt: iso(f.answered_at), acknowledgedAt: iso(f.acknowledged_at),
          answers: f.answers.map((a: { answer: 'yes' | 'trouble'; via: 'sms' | 'email'; counted: boolean; receivedAt: string }) => ({ ...a, receivedAt: new Date(a.receivedAt).toISOString() })),
        }),
      ),
    };
  }

  /**
   * Scrubs her, in the caller's transaction: message addresses, subjects, bodies and provider error texts; her inbound
   * texts' bodies and numbers; her follow-ups' address and name; her copy in subscriber_view. Statuses, channels,
   * times, counts and ids stay, so the incident and campaign reports add up as before. Leaves a tombstone; running
   * it again finds nothing left to scrub. Returns how many rows it scrubbed.
   */
  async erase(manager: EntityManager, subscriberId: string, erasedAt: Date): Promise<number> {
    await manager.query(
      'INSERT INTO erased_subscriber (subscriber_id, erased_at) VALUES ($1, $2) ON CONFLICT (subscriber_id) DO NOTHING',
      [subscriberId, erasedAt],
    );
    // Her texts first: finding them needs the numbers still on her messages and follow-ups.
    const texts = (await this.inboundOf(manager, subscriberId)).filter((t) => t.body !== '' || t.from_number !== '');
    if (texts.length > 0) await manager.query(`UPDATE inbound_sms SET body = '', from_number = '' WHERE sid = ANY($1)`, [texts.map((t) => t.sid)]);
    const [, messages] = await manager.query(
      // A message still waiting (quiet hours) or unsent is never sent now: it fails as erased, and its kept copy goes.
      `UPDATE message SET address = '', subject = NULL, body = '', error_message = NULL, outbound = NULL,
              status = CASE WHEN status IN ('deferred', 'pending') THEN 'failed' ELSE status END,
              error_code = CASE WHEN status IN ('deferred', 'pending') THEN 'erased' ELSE error_code END
        WHERE subscriber_id = $1
          AND (address <> '' OR body <> '' OR subject IS NOT NULL OR error_message IS NOT NULL OR outbound IS NOT NULL
               OR status IN ('deferred', 'pending'))`,
      [subscriberId],
    );
    const [, followUps] = await manager.query(
      `UPDATE follow_up SET address = '', name = $2 WHERE subscriber_id = $1 AND (address <> '' OR name <> $2)`,
      [subscriberId, ERASED],
    );
    const [, views] = await manager.query('DELETE FROM subscriber_view WHERE id = $1', [subscriberId]);
    return texts.length + Number(messages) + Number(followUps) + Number(views);
  }

  /** Her inbound texts: from a number she was texted at (or her copy's phone), or answering one of her follow-ups. */
  private inboundOf(manager: EntityManager, subscriberId: string): Promise<InboundRow[]> {
    return manager.query(
      `WITH numbers AS (
         SELECT address AS number FROM message WHERE subscriber_id = $1 AND channel = 'sms' AND address <> ''
         UNION SELECT address FROM follow_up WHERE subscriber_id = $1 AND channel = 'sms' AND address <> ''
         UNION SELECT phone FROM subscriber_view WHERE id = $1 AND phone IS NOT NULL)
       SELECT sid, from_number, body, handled_as, follow_up_id, received_at FROM inbound_sms
        WHERE from_number IN (SELECT number FROM numbers)
           OR follow_up_id IN (SELECT id FROM follow_up WHERE subscriber_id = $1)
        ORDER BY received_at, sid`,
      [subscriberId],
    );
  }
}

interface InboundRow {
  sid: string;
  from_number: string;
  body: string;
  handled_as: string;
  follow_up_id: string | null;
  received_at: Date;
}
