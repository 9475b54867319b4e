import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ActivityType, NOT_FUTURE_INSTANT_REASON } from '@prespond/contracts';
import { badRequest, Clock } from '@prespond/platform';
import { DataSource } from 'typeorm';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { returnAfterAbsence, DEFAULT_WELCOME_BACK_AFTER_DAYS } from '../welcome-back/away';
import { WelcomeBackService } from '../welcome-back/welcome-back.service';
import { ActivityRepository } from './activity.repository';
import { ActivityOutcomeResponse, ActivityResponse, toActivityResponse } from './dto/activity.dto';

/** Reporters' clocks may run a little ahead of ours; beyond this, a future activity is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** One activity, however it arrived (HTTP or Kafka). */
export interface ActivityInput {
  activityId: string;
  subscriberId: string;
  type: ActivityType;
  occurredAt: Date;
  source: string;
}

/**
 * Activity: every login, purchase or call is stored once (by its id), moves her last-seen time forward, and, when it
 * ends an absence of at least `welcomeBackAfterDays`, plans one welcome-back, all in one transaction that holds her
 * row (her activities are taken one at a time, so two at once cannot both be "the return").
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly activities: ActivityRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly welcomeBack: WelcomeBackService,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {}

  /**
   * Idempotent: the same activity id again changes nothing. Throws NotFoundException for an unknown subscriber and
   * BadRequestException for an activity in the future (it would put her last-seen time ahead of everything real).
   */
  record(input: ActivityInput): Promise<ActivityOutcomeResponse> {
    if (input.occurredAt.getTime() > this.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
      throw badRequest([{ field: 'occurredAt', reason: NOT_FUTURE_INSTANT_REASON }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await this.activities.lockSubscriber(manager, input.subscriberId);
      if (!subscriber) throw new NotFoundException(`no subscriber ${input.subscriberId}`);
      const previous = subscriber.lastSeenAt;
      const recorded = await this.activities.insert(manager, { ...input, id: input.activityId, receivedAt: this.clock.now() });
      if (!recorded) return { activityId: input.activityId, recorded: false, lastSeenAt: previous?.toISOString() ?? null, welcomeBack: null };
      await this.activities.moveLastSeen(manager, subscriber.id, input.occurredAt);
      const lastSeenAt = previous && previous > input.occurredAt ? previous : input.occurredAt;
      const absence = returnAfterAbsence(previous, input.occurredAt, this.config.welcomeBackAfterDays ?? DEFAULT_WELCOME_BACK_AFTER_DAYS);
      const welcomeBack = absence ? await this.welcomeBack.planOnReturn(manager, subscriber, input.activityId, absence) : null;
      return { activityId: input.activityId, recorded: true, lastSeenAt: lastSeenAt.toISOString(), welcomeBack };
    });
  }

  /** Her latest activities, newest first. */
  async recent(subscriberId: string, limit = 100): Promise<ActivityResponse[]> {
    if (!(await this.subscribers.findById(subscriberId))) throw new NotFoundException(`no subscriber ${subscriberId}`);
    return (await this.activities.recent(subscriberId, limit)).map(toActivityResponse);
  }
}
