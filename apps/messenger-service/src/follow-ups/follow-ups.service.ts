import { Inject, Injectable, Logger } from '@nestjs/common';
import { Channel, IncidentFeedbackEvent, Topics } from '@prespond/contracts';
import { Outbox } from '@prespond/kafka';
import { Clock } from '@prespond/platform';
import { EntityManager } from 'typeorm';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { DeliveryService } from '../delivery/delivery.service';
import { DeliveryOutcome, OutgoingMessage } from '../delivery/outgoing-message';
import { MessagesRepository } from '../delivery/messages.repository';
import { TemplateRenderer } from '../rendering/template-renderer';
import { answerLink } from './answer-links';
import { parseSmsAnswer } from './answer-parser';
import { FollowUpAnswer, FollowUpEntity, InboundSmsEntity } from './follow-up.entity';
import { followUpMessageId } from './follow-up-ids';
import { FollowUpsRepository } from './follow-ups.repository';

/** What became of an answer. `counted`: it was the first for its follow-up; later ones are history only. */
export type AnswerOutcome = 'counted' | 'not-counted' | 'unknown-follow-up';

/** What an inbound text was taken for. `duplicate`: Twilio retried a webhook we already handled. */
export type InboundOutcome = 'follow-up-answer' | 'unhandled' | 'duplicate';

/**
 * Asks the follow-up question, records answers and acknowledges "still having trouble".
 *
 * The first answer per follow-up counts; later ones are kept as history and change nothing. A "still having trouble"
 * has already reopened the incident for her (an event ops act on, and an acknowledgement she got): letting a later
 * "1" flip it would need an "un-reopen" that ops never asked for, and a customer who first says "2" then "1" is
 * better served by ops closing her reopening with a final word than by a silent flip.
 *
 * A counted "trouble" publishes `incident.trouble-reported` (outbox, same transaction as the answer). The
 * acknowledgement is sent right after the commit, and owed ones are retried by the scheduler; its id is derived from
 * the follow-up, so it goes out once.
 */
@Injectable()
export class FollowUpsService {
  private readonly logger = new Logger(FollowUpsService.name);

  constructor(
    private readonly followUps: FollowUpsRepository,
    private readonly delivery: DeliveryService,
    private readonly messages: MessagesRepository,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig,
  ) {}

  /**
   * Sends the question (once per follow-up) and marks it asked, whatever the provider said (it is in the message log).
   * A question held for her quiet hours is asked when they end: marked asked at that time, so an answer she texts
   * before it reaches her is not taken for an answer to it.
   */
  async ask(followUp: FollowUpEntity): Promise<DeliveryOutcome> {
    const email = followUp.channel === 'email';
    const link = (answer: FollowUpAnswer) => answerLink(this.config.publicUrl, this.config.followUps.linkSigningSecret, followUp.id, answer);
    const rendered = this.renderer.renderNamed('follow-up.question', followUp.channel, followUp.locale, {
      ...this.templateProps(followUp),
      yesUrl: email ? link('yes') : null,
      troubleUrl: email ? link('trouble') : null,
    });
    const message = this.message(followUp, 'question');
    const outcome = await this.delivery.send({ message, rendered });
    // Read back whatever the outcome: a retried round finds the question already deferred (SKIPPED), still waiting.
    const row = outcome === 'SENT' ? null : await this.messages.findById(message.id);
    const deferredTo = row?.status === 'deferred' ? row.dueAt : null;
    await this.followUps.markAsked(followUp.id, deferredTo ?? this.clock.now());
    return outcome;
  }

  /** Sends "thanks, we are on it" (once per follow-up) on the follow-up's channel. */
  async acknowledge(followUp: FollowUpEntity): Promise<DeliveryOutcome> {
    const rendered = this.renderer.renderNamed('follow-up.acknowledgement', followUp.channel, followUp.locale, this.templateProps(followUp));
    const outcome = await this.delivery.send({ message: this.message(followUp, 'acknowledgement'), rendered });
    await this.followUps.markAcknowledged(followUp.id, this.clock.now());
    return outcome;
  }

  /** An inbound text: recorded once per sid; exactly "1" or "2" answers her latest follow-up asked by SMS. */
  async receiveSms(sms: { sid: string; from: string; body: string }): Promise<InboundOutcome> {
    const now = this.clock.now();
    const result = await this.followUps.transaction(async (manager) => {
      const answer = parseSmsAnswer(sms.body);
      const followUp = answer ? await this.followUps.latestAskedBySms(manager, sms.from, now) : null;
      const row: InboundSmsEntity = Object.assign(new InboundSmsEntity(), {
        sid: sms.sid,
        fromNumber: sms.from,
        body: sms.body,
        handledAs: followUp ? 'follow-up-answer' : 'unhandled',
        followUpId: followUp?.id ?? null,
        keyword: null,
        optOutType: null,
        flagReason: null,
        reviewedAt: null,
        receivedAt: now,
      });
      if (!(await this.followUps.recordInbound(manager, row))) return { outcome: 'duplicate' as const };
      if (!followUp || !answer) return { outcome: 'unhandled' as const };
      const recorded = await this.record(manager, followUp.id, answer, 'sms', now);
      return { outcome: 'follow-up-answer' as const, recorded };
    });
    if (result.outcome === 'follow-up-answer') await this.afterAnswer(result.recorded);
    return result.outcome;
  }

  /** An answer through a signed email link (the signature is checked by the caller). */
  async answerByLink(followUpId: string, answer: FollowUpAnswer): Promise<AnswerOutcome> {
    const recorded = await this.followUps.transaction((manager) => this.record(manager, followUpId, answer, 'email', this.clock.now()));
    await this.afterAnswer(recorded);
    return recorded.outcome;
  }

  private async record(manager: EntityManager, id: string, answer: FollowUpAnswer, via: Channel, at: Date): Promise<{ outcome: AnswerOutcome; followUp?: FollowUpEntity }> {
    const followUp = await this.followUps.findForUpdate(manager, id);
    if (!followUp) return { outcome: 'unknown-follow-up' };
    const counted = followUp.answer === null;
    await this.followUps.addAnswer(manager, id, answer, via, counted, at);
    if (!counted) return { outcome: 'not-counted' };
    Object.assign(followUp, { answer, answeredAt: at });
    if (answer === 'trouble') await this.outbox.enqueue(manager, [this.troubleReported(followUp, via, at)]);
    return { outcome: 'counted', followUp };
  }

  /** After the commit: publish now rather than at the relay's next poll, and acknowledge a counted "trouble". */
  private async afterAnswer(recorded: { outcome: AnswerOutcome; followUp?: FollowUpEntity }): Promise<void> {
    this.outbox.notify();
    if (recorded.outcome !== 'counted' || recorded.followUp?.answer !== 'trouble') return;
    await this.acknowledge(recorded.followUp).catch((error) =>
      this.logger.warn(`acknowledgement of follow-up ${recorded.followUp?.id} not sent yet (the scheduler retries): ${error.message}`),
    );
  }

  private troubleReported(followUp: FollowUpEntity, via: Channel, at: Date) {
    const event: IncidentFeedbackEvent = {
      id: followUpMessageId(followUp.id, 'trouble-reported'),
      type: 'incident.trouble-reported',
      version: 1,
      occurredAt: at.toISOString(),
      data: { incidentId: followUp.incidentId, subscriberId: followUp.subscriberId, followUpId: followUp.id, channel: via, reportedAt: at.toISOString() },
    };
    return { topic: Topics.IncidentFeedback, key: followUp.incidentId, value: event };
  }

  /**
   * The question is non-urgent (it waits for the end of her quiet hours); the acknowledgement answers the "2" she
   * just sent, so it never waits.
   */
  private message(followUp: FollowUpEntity, purpose: 'question' | 'acknowledgement'): OutgoingMessage {
    return {
      id: followUpMessageId(followUp.id, purpose),
      channel: followUp.channel,
      template: `follow-up.${purpose}`,
      subscriberId: followUp.subscriberId,
      address: followUp.address,
      incidentId: followUp.incidentId,
      locale: followUp.locale,
      // "Thanks, we are on it" answers her "2": never held for quiet hours; an SMS of it has no footer.
      reply: purpose === 'acknowledgement',
      timeZone: followUp.timeZone ?? undefined,
    };
  }

  private templateProps(followUp: FollowUpEntity) {
    return { brand: this.config.brand, name: followUp.name, locale: followUp.locale, title: followUp.incidentTitle, affected: followUp.affected };
  }
}
