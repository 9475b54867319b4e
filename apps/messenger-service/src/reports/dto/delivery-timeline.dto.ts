import { ApiProperty } from '@nestjs/swagger';
import { Channel, CHANNELS } from '@prespond/contracts';
import { DeliveryTimelineRow } from '../reports.repository';

/**
 * The bucket sizes a timeline may use, shortest first: the shortest that keeps an incident's span within
 * TIMELINE_MAX_BUCKETS, so a 2-minute incident is drawn per 10 seconds and a 2-day one per hour, in one answer of a
 * hundred buckets at most per channel.
 */
export const TIMELINE_BUCKET_SECONDS = [10, 30, 60, 300, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400] as const;
export const TIMELINE_MAX_BUCKETS = 90;

/** The bucket size for messages spread over `spanSeconds` (the largest when even that gives more buckets). */
export function bucketSecondsFor(spanSeconds: number): number {
  return TIMELINE_BUCKET_SECONDS.find((size) => Math.floor(spanSeconds / size) + 1 <= TIMELINE_MAX_BUCKETS) ?? TIMELINE_BUCKET_SECONDS[TIMELINE_BUCKET_SECONDS.length - 1];
}

/** One stretch of time on one channel: how many of the incident's messages the provider took, and how many arrived. */
export class DeliveryTimelineBucket {
  @ApiProperty({ description: 'Start of the bucket (origin + n × bucketSeconds).' }) at: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: 'Messages the provider accepted in this bucket (Twilio / the SMTP server; `sentAt`).' }) accepted: number;
  @ApiProperty({
    description: 'Messages whose delivery was confirmed in this bucket (status delivered or read; the time of that status). Always 0 for email, which has no receipt.',
  })
  delivered: number;
}

/**
 * An incident's messages over time: per bucket and channel, accepted and delivered. Buckets with nothing in them are
 * left out (a reader fills them with zeros); the first starts at `origin`, the posting of the incident's first update
 * that had messages (its declaration, normally). Follow-up questions are not counted (as in the deliveries report).
 */
export class IncidentDeliveryTimeline {
  @ApiProperty() incidentId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Where bucket 0 starts; null when the incident has no messages.' }) origin: string | null;
  @ApiProperty({ enum: TIMELINE_BUCKET_SECONDS, description: `Bucket size in seconds: the shortest of these keeping the span within ${TIMELINE_MAX_BUCKETS} buckets.` })
  bucketSeconds: number;
  @ApiProperty({ type: [DeliveryTimelineBucket], description: 'Oldest first, then by channel; only buckets with something in them.' })
  buckets: DeliveryTimelineBucket[];
}

export function toTimelineBucket(row: DeliveryTimelineRow, origin: Date, bucketSeconds: number): DeliveryTimelineBucket {
  return {
    at: new Date(origin.getTime() + row.bucket * bucketSeconds * 1000).toISOString(),
    channel: row.channel,
    accepted: row.accepted,
    delivered: row.delivered,
  };
}
