import { ApiProperty } from '@nestjs/swagger';
import { ConsentRecordResponse } from '../../consent/dto/consent-record.dto';
import { SubscriberResponse } from '../../subscribers/dto/subscriber.dto';

const rows = (description: string) => ({ type: 'array', items: { type: 'object', additionalProperties: true }, description }) as const;

/** Everything Prespond stores about one subscriber, from both services that store anything (her right of access). */
export class SubscriberExport {
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: SubscriberResponse }) subscriber: SubscriberResponse;
  @ApiProperty({ type: [ConsentRecordResponse], description: 'Every opt-in and opt-out, oldest first (also `GET /subscribers/:id/consents.csv`).' })
  consentRecords: ConsentRecordResponse[];
  @ApiProperty(rows('Her plans, each with the renewal reminders sent for it.')) plans: Record<string, unknown>[];
  @ApiProperty(rows('Her activity (logins, purchases, calls).')) activity: Record<string, unknown>[];
  @ApiProperty(rows('Welcome-back messages planned on her returns.')) welcomeBacks: Record<string, unknown>[];
  @ApiProperty(rows('Campaigns that targeted her.')) campaignRecipients: Record<string, unknown>[];
  @ApiProperty(rows('Marketing contacts counted for her frequency cap.')) marketingContacts: Record<string, unknown>[];
  @ApiProperty(rows('Incidents she follows by text (she pressed 1 on hold).')) incidentFollows: Record<string, unknown>[];
  @ApiProperty(rows('Incidents she reopened ("still having trouble").')) reopenings: Record<string, unknown>[];
  @ApiProperty(rows('Incident updates held for (or sent in) her digests.')) digestEntries: Record<string, unknown>[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "messenger-service's data about her: the messages she was sent, her inbound texts, her follow-ups and answers (MessengerSubscriberExport).",
  })
  messenger: Record<string, unknown>;
}
