import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { Channel, CHANNELS } from '@prespond/contracts';
import { IsCalendarDate } from '@prespond/platform';
import { PLAN_STATES, PlanEntity, PlanState } from '../plan.entity';
import { SentReminder } from '../renewal-reminders.repository';

/** Plan types are short slugs, so they can name a `PUT /plan-types/:type/reminders` path. */
export const PLAN_TYPE_FORMAT = /^[a-z0-9][a-z0-9-]{0,49}$/;
const TYPE_REASON = 'must be a lowercase slug of letters, digits and dashes (at most 50), e.g. broadband';

export class CreatePlanDto {
  @ApiProperty({ example: 'Fibre 500' })
  @IsString() @Length(1, 200)
  name: string;

  @ApiProperty({ example: 'broadband', description: 'Decides the reminder offsets (see /plan-types).' })
  @IsString() @Matches(PLAN_TYPE_FORMAT, { message: TYPE_REASON })
  type: string;

  @ApiProperty({ example: '2030-04-15', description: 'The day it renews, in her zone; not in the past.' })
  @IsCalendarDate()
  renewalDate: string;
}

/** A new name, or a new renewal date (which reschedules the reminders). */
export class UpdatePlanDto {
  @ApiPropertyOptional({ example: 'Fibre 1000' })
  @IsOptional() @IsString() @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: '2030-04-22' })
  @IsOptional() @IsCalendarDate()
  renewalDate?: string;
}

/** The plan was renewed: with the next renewal date it stays active (reminders for that date), without it is done. */
export class RenewPlanDto {
  @ApiPropertyOptional({ example: '2031-04-15', description: 'The next renewal date; absent: no next renewal (state renewed).' })
  @IsOptional() @IsCalendarDate()
  renewalDate?: string;
}

/** A renewal reminder that was queued. */
export class RenewalReminderResponse {
  @ApiProperty({ example: '2030-04-15' })
  renewalDate: string;

  @ApiProperty({ example: 7, description: 'The offset it keeps (days before the renewal date).' })
  offsetDays: number;

  @ApiProperty({ example: 7, description: 'Days that remained when it went out (more than offsetDays if sent late).' })
  daysLeft: number;

  @ApiProperty({ enum: CHANNELS, isArray: true })
  channels: Channel[];

  @ApiProperty()
  sentAt: string;
}

export class PlanResponse {
  @ApiProperty()
  id: string;

  @ApiProperty()
  subscriberId: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  type: string;

  @ApiProperty({ example: '2030-04-15' })
  renewalDate: string;

  @ApiProperty({ enum: PLAN_STATES })
  state: PlanState;

  @ApiProperty({ type: [RenewalReminderResponse] })
  reminders: RenewalReminderResponse[];

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export function toPlanResponse(plan: PlanEntity, reminders: SentReminder[]): PlanResponse {
  return {
    id: plan.id,
    subscriberId: plan.subscriberId,
    name: plan.name,
    type: plan.type,
    renewalDate: plan.renewalDate,
    state: plan.state,
    reminders: reminders.map((r) => ({ ...r, sentAt: r.sentAt.toISOString() })),
    createdAt: plan.createdAt.toISOString(),
    updatedAt: plan.updatedAt.toISOString(),
  };
}
