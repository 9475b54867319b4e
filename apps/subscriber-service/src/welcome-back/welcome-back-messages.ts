import { randomUUID } from 'node:crypto';
import { addressOn, Channel, MessageRequestedEvent, Topics } from '@prespond/contracts';
import { OutgoingEvent } from '@prespond/kafka';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { awayInWords } from './away';
import { welcomeBackMessageId } from './welcome-back-id';
import { WelcomeBack } from './welcome-backs.repository';

/** The messenger's named template (MESSAGE_TEMPLATES): her name, how long she was away, what was fixed meanwhile. */
export const WELCOME_BACK_TEMPLATE = 'welcome-back';

/** One `message.requested` (kind marketing) per channel, keyed by her id, each with its deterministic id. */
export function welcomeBackMessages(subscriber: SubscriberEntity, welcomeBack: WelcomeBack, channels: Channel[], fixed: string | null, now: Date): OutgoingEvent[] {
  const days = Math.floor((welcomeBack.returnedAt.getTime() - welcomeBack.awaySince.getTime()) / 86_400_000);
  return channels.flatMap((channel) => {
    const address = addressOn(subscriber, channel);
    if (!address) return [];
    const request: MessageRequestedEvent = {
      id: randomUUID(),
      type: 'message.requested',
      version: 1,
      occurredAt: now.toISOString(),
      data: {
        messageId: welcomeBackMessageId(welcomeBack.id, channel),
        channel,
        kind: 'marketing',
        template: WELCOME_BACK_TEMPLATE,
        recipient: { subscriberId: subscriber.id, name: subscriber.name, address, timeZone: subscriber.timeZone, locale: subscriber.locale },
        props: { away: awayInWords(days), awayDays: days, fixed, awaySince: welcomeBack.awaySince.toISOString(), returnedAt: welcomeBack.returnedAt.toISOString() },
      },
    };
    return [{ topic: Topics.NotificationRequested, key: subscriber.id, value: request }];
  });
}
