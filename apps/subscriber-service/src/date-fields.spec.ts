import { BadRequestException } from '@nestjs/common';
import { ManualClock, NOT_FUTURE_INSTANT_REASON, NOT_PAST_CALENDAR_DATE_REASON } from '@prespond/platform';
import { controllersUnder, dateFieldKey, DateField, itChecksDateFields, requestDateFields } from '../../../test/support/date-fields';
import { ActivityService } from './activity/activity.service';
import { RecordActivityDto } from './activity/dto/activity.dto';
import { AudienceQueryDto, CreateCampaignDto, UpdateCampaignDto } from './campaigns/dto/campaign.dto';
import { CreatePlanDto, RenewPlanDto, UpdatePlanDto } from './plans/dto/plan.dto';
import { PlansService } from './plans/plans.service';

const plan = { name: 'Fibre 500', type: 'broadband', renewalDate: '2030-04-15' };
const campaign = { name: 'Win back the quiet ones' };

/** Every request field of subscriber-service that takes a date-time or a date. */
const FIELDS: DateField[] = [
  { dto: RecordActivityDto, input: 'body', field: 'occurredAt', rule: 'instant', valid: { type: 'login' } },
  { dto: CreateCampaignDto, input: 'body', field: 'startsAt', rule: 'instant', valid: campaign },
  { dto: CreateCampaignDto, input: 'body', field: 'endsAt', rule: 'instant', valid: campaign },
  { dto: CreateCampaignDto, input: 'body', field: 'audience.lastSeenBefore', rule: 'instant', valid: campaign },
  { dto: CreateCampaignDto, input: 'body', field: 'audience.lastSeenAfter', rule: 'instant', valid: campaign },
  { dto: UpdateCampaignDto, input: 'body', field: 'startsAt', rule: 'instant', valid: {} },
  { dto: UpdateCampaignDto, input: 'body', field: 'endsAt', rule: 'instant', valid: {} },
  { dto: UpdateCampaignDto, input: 'body', field: 'audience.lastSeenBefore', rule: 'instant', valid: {} },
  { dto: UpdateCampaignDto, input: 'body', field: 'audience.lastSeenAfter', rule: 'instant', valid: {} },
  { dto: AudienceQueryDto, input: 'body', field: 'audience.lastSeenBefore', rule: 'instant', valid: { channels: ['sms'] } },
  { dto: AudienceQueryDto, input: 'body', field: 'audience.lastSeenAfter', rule: 'instant', valid: { channels: ['sms'] } },
  { dto: CreatePlanDto, input: 'body', field: 'renewalDate', rule: 'calendar-date', valid: plan },
  { dto: UpdatePlanDto, input: 'body', field: 'renewalDate', rule: 'calendar-date', valid: {} },
  { dto: RenewPlanDto, input: 'body', field: 'renewalDate', rule: 'calendar-date', valid: {} },
];

describe('subscriber-service date fields', () => {
  it('lists every request field that takes a date-time or a date (a new one must be added here)', () => {
    expect(FIELDS.map(dateFieldKey).sort()).toEqual(requestDateFields(controllersUnder(__dirname)));
  });

  itChecksDateFields(FIELDS);

  const reasonOf = (error: unknown) => (error as BadRequestException).getResponse();
  const clock = new ManualClock(new Date('2030-03-01T12:00:00Z'));

  it('refuses an activity in the future (HTTP and Kafka alike) with the shared date-time reason and its condition', async () => {
    const activity = new ActivityService(null as never, null as never, null as never, null as never, clock, {} as never);
    const occurredAt = new Date('2030-03-01T12:06:00Z'); // beyond the five minutes a reporter's clock may run ahead
    const refused = await Promise.resolve()
      .then(() => activity.record({ activityId: 'a', subscriberId: 's', type: 'login', occurredAt, source: 'http' }))
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadRequestException);
    expect(reasonOf(refused)).toMatchObject({ errors: [{ field: 'occurredAt', reason: NOT_FUTURE_INSTANT_REASON }] });
  });

  it('refuses a renewal date before today in her zone with the shared calendar-date reason and its condition', async () => {
    const subscribers = { findById: async () => ({ timeZone: 'Europe/Berlin' }) };
    const plans = new PlansService(null as never, null as never, subscribers as never, clock);
    const refused = await plans.create('s', { ...plan, renewalDate: '2030-02-28' }).catch((error: unknown) => error);
    expect(reasonOf(refused)).toMatchObject({
      errors: [{ field: 'renewalDate', reason: `${NOT_PAST_CALENDAR_DATE_REASON} (today is 2030-03-01 in Europe/Berlin)` }],
    });
  });
});
