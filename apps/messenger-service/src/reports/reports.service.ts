import { Injectable } from '@nestjs/common';
import { badRequest, parseInstant, toCsv } from '@prespond/platform';
import { COMMUNICATION_CSV_COLUMNS, CommunicationResponse, CommunicationsPage, toCommunication } from './dto/communications.dto';
import { CampaignDeliveriesResponse } from './dto/campaign-deliveries.dto';
import { IncidentDeliveriesResponse, toUpdateDeliveries } from './dto/deliveries.dto';
import { bucketSecondsFor, IncidentDeliveryTimeline, TIMELINE_BUCKET_SECONDS, toTimelineBucket } from './dto/delivery-timeline.dto';
import { LogPosition, ReportsRepository } from './reports.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The CSV export reads the log in pages this size, so one long log never sits in one query result. */
const CSV_PAGE = 1000;

/** Opaque to clients: where a page ended (created time and id of its last message). */
export function encodeCursor(position: LogPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): LogPosition {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // Read by the one date-time rule: a doctored cursor with 30 February is refused, not moved to 2 March.
  const createdAt = parseInstant(at);
  if (!id || !UUID.test(id) || !createdAt) {
    throw badRequest([{ field: 'cursor', reason: 'must be a nextCursor this endpoint returned' }]);
  }
  return { createdAt, id };
}

/** The message log as reports: per incident (counts and latencies per update and channel) and per customer. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  async deliveries(incidentId: string): Promise<IncidentDeliveriesResponse> {
    const [rows, followUps] = await Promise.all([this.reports.deliveriesOf(incidentId), this.reports.followUpsOf(incidentId)]);
    return { incidentId, deliveries: rows.map(toUpdateDeliveries), followUps };
  }

  /** The incident's messages accepted and delivered over time, in buckets sized to its span (see bucketSecondsFor). */
  async deliveryTimeline(incidentId: string): Promise<IncidentDeliveryTimeline> {
    const { origin, last } = await this.reports.timelineSpanOf(incidentId);
    if (!origin) return { incidentId, origin: null, bucketSeconds: TIMELINE_BUCKET_SECONDS[0], buckets: [] };
    const bucketSeconds = bucketSecondsFor(last ? Math.max(0, (last.getTime() - origin.getTime()) / 1000) : 0);
    const rows = await this.reports.timelineOf(incidentId, origin, bucketSeconds);
    return { incidentId, origin: origin.toISOString(), bucketSeconds, buckets: rows.map((row) => toTimelineBucket(row, origin, bucketSeconds)) };
  }

  async campaignDeliveries(campaignId: string): Promise<CampaignDeliveriesResponse> {
    return { campaignId, channels: await this.reports.campaignDeliveriesOf(campaignId) };
  }

  /** A page of everything we told the subscriber, newest first. An unknown subscriber simply has an empty log. */
  async communications(subscriberId: string, cursor: string | undefined, limit: number): Promise<CommunicationsPage> {
    const messages = await this.reports.communicationsOf(subscriberId, cursor ? decodeCursor(cursor) : undefined, limit);
    const last = messages[messages.length - 1];
    return { items: messages.map(toCommunication), nextCursor: messages.length === limit ? encodeCursor(last) : null };
  }

  /** The whole log of one subscriber as CSV (one row per message, newest first). */
  async communicationsCsv(subscriberId: string): Promise<string> {
    const all: CommunicationResponse[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.communications(subscriberId, cursor, CSV_PAGE);
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return toCsv(
      COMMUNICATION_CSV_COLUMNS.map(([name]) => name),
      all.map((c) => COMMUNICATION_CSV_COLUMNS.map(([, value]) => value(c))),
    );
  }
}
