import { Injectable, Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { randomUUID } from 'node:crypto';
import { CallerSmsUpdatesRequestedEvent, Topics } from '@prespond/contracts';
import { EventProducer } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { SubscriberViewRepository } from '../subscribers/subscriber-view.repository';
import { callerAnnouncement, callerMaintenanceAnnouncement, incidentsAffecting, maintenanceAffecting } from './caller-announcement';
import { callerNumber } from './caller-number';
import { HoldRepository } from './hold.repository';
import { HoldService } from './hold.service';

/** Fixed namespace for the ids of caller.sms-updates-requested events. Changing it makes a repeated key press look new. */
const REQUEST_NAMESPACE = '0c7e6f7a-3b1d-4f0e-8a55-6d2b9e4c1f37';

/** What one caller hears: her own announcement with the incident the offer of texts is about, or the regional one. */
export interface CallerHoldMessage {
  text: string;
  /** Set when the announcement offers texts: pressing 1 follows this incident. */
  offerIncidentId: string | null;
}

export type SmsUpdatesOutcome =
  /** The request is on the broker; subscriber-service stores the follow. */
  | 'requested'
  /** Her number is not a subscriber's, or the incident is over or unknown: nothing to follow. */
  | 'skipped'
  /** The broker did not take it: she is told to try again, never promised texts that were not recorded. */
  | 'failed';

/**
 * The hold message for one caller (`From` of Twilio's call parameters): a known subscriber hears about the incidents
 * that touch her, everyone else hears the regional announcement. Pressing 1 asks for text updates.
 */
@Injectable()
export class CallerHoldService {
  private readonly logger = new Logger(CallerHoldService.name);

  constructor(
    private readonly hold: HoldService,
    private readonly holds: HoldRepository,
    private readonly subscribers: SubscriberViewRepository,
    private readonly producer: EventProducer,
    private readonly clock: Clock,
  ) {}

  /** `following`: the incident she already asked texts about in this call (the loop URL carries it), not offered again. */
  async messageFor(from: string | undefined, region?: string, following?: string): Promise<CallerHoldMessage> {
    const phone = callerNumber(from);
    const caller = phone ? await this.subscribers.findByPhone(phone) : undefined;
    if (caller) {
      const [incidents, windows] = await Promise.all([this.holds.active(), this.holds.maintenanceUnderWay()]);
      const affecting = incidentsAffecting(caller, incidents);
      const maintenance = maintenanceAffecting(caller, windows);
      if (affecting.length > 0) {
        const offered = affecting[0].incident.incidentId;
        const alreadyFollowing = offered === following;
        const text = callerAnnouncement(affecting, caller, this.clock.now(), { alreadyFollowing, maintenance });
        return { text, offerIncidentId: alreadyFollowing ? null : offered };
      }
      if (maintenance.length > 0) return { text: callerMaintenanceAnnouncement(maintenance, caller, this.clock.now()), offerIncidentId: null };
    }
    return { text: (await this.hold.messageFor(region)).text, offerIncidentId: null };
  }

  /**
   * Publishes caller.sms-updates-requested straight to the broker, not through an outbox: the messenger changes
   * nothing of its own here, so there is no state the event could disagree with. Producing before answering means
   * the caller is only told "you will get texts" once the broker holds the request; the id is derived from
   * (call, incident), and subscriber-service stores follows idempotently, so pressing 1 twice follows once.
   */
  async requestSmsUpdates(from: string | undefined, incidentId: string, callSid: string | undefined): Promise<SmsUpdatesOutcome> {
    const phone = callerNumber(from);
    const caller = phone ? await this.subscribers.findByPhone(phone) : undefined;
    const incident = await this.holds.findById(incidentId);
    if (!phone || !caller || !incident || incident.status === 'resolved') return 'skipped';
    const event: CallerSmsUpdatesRequestedEvent = {
      id: callSid ? uuidv5(`${callSid}:${incidentId}:${caller.id}`, REQUEST_NAMESPACE) : randomUUID(),
      type: 'caller.sms-updates-requested',
      version: 1,
      occurredAt: this.clock.now().toISOString(),
      data: { subscriberId: caller.id, incidentId, phone, callSid: callSid ?? null, requestedAt: this.clock.now().toISOString() },
    };
    try {
      await this.producer.send([{ topic: Topics.CallerSmsUpdatesRequested, key: caller.id, value: event }]);
      return 'requested';
    } catch (error) {
      this.logger.warn(`caller.sms-updates-requested for ${caller.id} not published: ${error.message}`);
      return 'failed';
    }
  }
}
