import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { badRequest, Clock, NOT_PAST_CALENDAR_DATE_REASON } from '@prespond/platform';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { PlanTypeResponse, PlanTypeRemindersDto } from './dto/plan-type.dto';
import { CreatePlanDto, PlanResponse, RenewPlanDto, toPlanResponse, UpdatePlanDto } from './dto/plan.dto';
import { PlanEntity } from './plan.entity';
import { PlansRepository } from './plans.repository';
import { DEFAULT_REMINDER_OFFSETS, localDate } from './reminder-schedule';
import { RenewalRemindersRepository } from './renewal-reminders.repository';

/**
 * Plans and their renewal dates. Reminders follow from the stored state (see RenewalRemindersService): a new date
 * gets its own reminders (offsets already past when it was set are skipped), a renewed or cancelled plan gets none.
 */
@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly reminders: RenewalRemindersRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly clock: Clock,
  ) {}

  async create(subscriberId: string, dto: CreatePlanDto): Promise<PlanResponse> {
    const subscriber = await this.subscribers.findById(subscriberId);
    if (!subscriber) throw new NotFoundException(`no subscriber ${subscriberId}`);
    const now = this.clock.now();
    this.refusePast(dto.renewalDate, subscriber.timeZone, now);
    const plan = Object.assign(new PlanEntity(), {
      id: randomUUID(),
      subscriberId,
      name: dto.name,
      type: dto.type,
      renewalDate: dto.renewalDate,
      state: 'active',
      scheduledFrom: now,
      createdAt: now,
      updatedAt: now,
    });
    await this.plans.insert(plan);
    return toPlanResponse(plan, []);
  }

  async ofSubscriber(subscriberId: string): Promise<PlanResponse[]> {
    if (!(await this.subscribers.findById(subscriberId))) throw new NotFoundException(`no subscriber ${subscriberId}`);
    const plans = await this.plans.ofSubscriber(subscriberId);
    return Promise.all(plans.map(async (p) => toPlanResponse(p, await this.reminders.ofPlan(p.id))));
  }

  async get(planId: string): Promise<PlanResponse> {
    const plan = await this.plans.findById(planId);
    if (!plan) throw new NotFoundException(`no plan ${planId}`);
    return toPlanResponse(plan, await this.reminders.ofPlan(planId));
  }

  /** A new name, or a new renewal date: its reminders start over (offsets already past now are skipped). */
  update(planId: string, dto: UpdatePlanDto): Promise<PlanResponse> {
    return this.change(planId, async (plan, now) => {
      if (dto.name !== undefined) plan.name = dto.name;
      if (dto.renewalDate !== undefined && dto.renewalDate !== plan.renewalDate) {
        if (plan.state !== 'active') throw new ConflictException(`plan ${planId} is ${plan.state}: its renewal date cannot change`);
        await this.reschedule(plan, dto.renewalDate, now);
      }
    });
  }

  /** Renewed: no more reminders for the old date; the next date (if given) gets its own. */
  renew(planId: string, dto: RenewPlanDto): Promise<PlanResponse> {
    return this.change(planId, async (plan, now) => {
      if (plan.state !== 'active') throw new ConflictException(`plan ${planId} is ${plan.state}`);
      if (dto.renewalDate === undefined) plan.state = 'renewed';
      else if (dto.renewalDate <= plan.renewalDate) throw badRequest([{ field: 'renewalDate', reason: `must be after the current renewal date ${plan.renewalDate}` }]);
      else await this.reschedule(plan, dto.renewalDate, now);
    });
  }

  /** No more reminders. Cancelling a cancelled plan changes nothing. */
  cancel(planId: string): Promise<PlanResponse> {
    return this.change(planId, async (plan) => {
      if (plan.state === 'renewed') throw new ConflictException(`plan ${planId} is renewed`);
      plan.state = 'cancelled';
    });
  }

  /** Every plan type in use or configured, with its offsets. */
  async types(): Promise<PlanTypeResponse[]> {
    const configured = (await this.plans.listTypes()).map((t) => ({ type: t.type, offsetsDays: t.offsetsDays, configured: true }));
    const defaults = (await this.plans.unconfiguredTypes()).map((type) => ({ type, offsetsDays: DEFAULT_REMINDER_OFFSETS, configured: false }));
    return [...configured, ...defaults].sort((a, b) => a.type.localeCompare(b.type));
  }

  /** Sets a type's offsets; reminders already sent stay sent, the next rounds use the new offsets. */
  async setReminders(type: string, dto: PlanTypeRemindersDto): Promise<PlanTypeResponse> {
    const offsetsDays = [...dto.offsetsDays].sort((a, b) => b - a);
    await this.plans.saveType({ type, offsetsDays, updatedAt: this.clock.now() });
    return { type, offsetsDays, configured: true };
  }

  private async change(planId: string, apply: (plan: PlanEntity, now: Date) => Promise<void>): Promise<PlanResponse> {
    const now = this.clock.now();
    const plan = await this.plans.update(planId, async (p) => {
      await apply(p, now);
      p.updatedAt = now;
      return p;
    });
    if (!plan) throw new NotFoundException(`no plan ${planId}`);
    return toPlanResponse(plan, await this.reminders.ofPlan(planId));
  }

  private async reschedule(plan: PlanEntity, renewalDate: string, now: Date): Promise<void> {
    const subscriber = await this.subscribers.findById(plan.subscriberId);
    this.refusePast(renewalDate, subscriber?.timeZone ?? 'UTC', now);
    plan.renewalDate = renewalDate;
    plan.scheduledFrom = now;
  }

  /** A renewal date before today in her zone is a mistake (today itself is allowed, but gets no reminder). */
  private refusePast(renewalDate: string, timeZone: string, now: Date): void {
    const today = localDate(now, timeZone);
    if (renewalDate < today) throw badRequest([{ field: 'renewalDate', reason: `${NOT_PAST_CALENDAR_DATE_REASON} (today is ${today} in ${timeZone})` }]);
  }
}
