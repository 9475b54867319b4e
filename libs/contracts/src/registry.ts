import { z } from 'zod';
import { ActivityRecordedSchema } from './events/activity-recorded';
import { CallerSmsUpdatesRequestedSchema } from './events/caller-sms-updates-requested';
import { IncidentAlertSchema } from './events/incident-alerts';
import { IncidentChangedSchema } from './events/incident-changed';
import { IncidentFeedbackSchema } from './events/incident-feedback';
import { MaintenanceChangedSchema } from './events/maintenance-changed';
import { MessageRequestedV1 } from './events/message-requested';
import { NotificationRequestedV1 } from './events/notification-requested';
import { SmsConsentChangedSchema } from './events/sms-consent-changed';
import { SubscriberChangedSchema } from './events/subscriber-changed';
import { SubscriberErasedSchema } from './events/subscriber-erased';
import { Topics } from './topics';

/** Everything on `notification.requested`: incident notifications and other messages (see OutgoingMessageEvent). */
export const OutgoingMessageSchema = z.discriminatedUnion('type', [NotificationRequestedV1, MessageRequestedV1]);
export type OutgoingMessageEvent = z.infer<typeof OutgoingMessageSchema>;

/** The contract of every topic: what a consumer accepts from it. */
export const CONTRACTS: Record<string, z.ZodTypeAny> = {
  [Topics.IncidentChanged]: IncidentChangedSchema,
  [Topics.IncidentAlerts]: IncidentAlertSchema,
  [Topics.IncidentFeedback]: IncidentFeedbackSchema,
  [Topics.MaintenanceChanged]: MaintenanceChangedSchema,
  [Topics.NotificationRequested]: OutgoingMessageSchema,
  [Topics.SubscriberChanged]: SubscriberChangedSchema,
  [Topics.SubscriberErased]: SubscriberErasedSchema,
  [Topics.CallerSmsUpdatesRequested]: CallerSmsUpdatesRequestedSchema,
  [Topics.ActivityRecorded]: ActivityRecordedSchema,
  [Topics.SmsConsentChanged]: SmsConsentChangedSchema,
};

/** Thrown when an event does not match its topic's contract. */
export class ContractViolation extends Error {
  constructor(
    readonly topic: string,
    readonly issues: string[],
  ) {
    super(`event on ${topic} breaks its contract: ${issues.join('; ')}`);
  }
}

/** Validates `value` against the contract of `topic`; throws ContractViolation naming each bad field. */
export function parseEvent<T = unknown>(topic: string, value: unknown): T {
  const schema = CONTRACTS[topic];
  if (!schema) throw new ContractViolation(topic, ['no contract is defined for this topic']);
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ContractViolation(
      topic,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`),
    );
  }
  return result.data as T;
}
