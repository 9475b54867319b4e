/**
 * Kafka topics, defined once. Renaming one needs a migration plan: retained events and consumer-group offsets
 * live under the old name, so a rename means producing to both and moving consumers over before removing it.
 */
export const Topics = {
  /** Every incident change (declared, updated, resolved), keyed by incident id. See IncidentChangedEvent. */
  IncidentChanged: 'incident.changed',
  /** Alerts for ops about incidents (a promised update is due), keyed by incident id. See IncidentAlertEvent. */
  IncidentAlerts: 'incident.alerts',
  /**
   * Customers' answers to the follow-up after a resolution ("still having trouble" reopens the incident for her),
   * keyed by incident id. See IncidentFeedbackEvent.
   */
  IncidentFeedback: 'incident.feedback',
  /**
   * Every change of a scheduled maintenance window (scheduled, a notice ahead of it due, moved or extended, started,
   * completed, cancelled), keyed by its id. See MaintenanceChangedEvent.
   */
  MaintenanceChanged: 'maintenance.changed',
  /** A subscriber created or changed, keyed by subscriber id. See SubscriberChangedEvent. */
  SubscriberChanged: 'subscriber.changed',
  /**
   * A subscriber was erased (her data rights), keyed by subscriber id. See SubscriberErasedEvent. A topic of its own,
   * so consumers of subscriber.changed need not change; consumers keep a tombstone, so a snapshot read after it
   * (another topic, a retry) cannot bring her copy back.
   */
  SubscriberErased: 'subscriber.erased',
  /**
   * One message to send to one subscriber on one channel, keyed by subscriber id: an incident notification
   * (NotificationRequestedEvent) or another message (MessageRequestedEvent). See OutgoingMessageEvent.
   */
  NotificationRequested: 'notification.requested',
  /** A known caller on hold asked for text updates about an incident, keyed by subscriber id. See CallerSmsUpdatesRequestedEvent. */
  CallerSmsUpdatesRequested: 'caller.sms-updates-requested',
  /** A customer was active (a login, a purchase, a call), keyed by subscriber id. See ActivityRecordedEvent. */
  ActivityRecorded: 'activity.recorded',
  /**
   * A phone number opted out of SMS or back in (a STOP/START keyword, or Twilio error 21610), keyed by the phone
   * number so one number's changes stay in order. See SmsConsentChangedEvent.
   */
  SmsConsentChanged: 'sms.consent-changed',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Where a consumer puts an event it cannot accept (malformed, unknown type or version). */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Where a consumer parks an event whose handling failed for a passing reason, to try again later. */
export function retryTopicOf(topic: string): string {
  return `${topic}.retry`;
}

/** The topic an event originally came from, for an event read from its retry or dead-letter topic. */
export function baseTopicOf(topic: string): string {
  return topic.replace(/\.(retry|dlq)$/, '');
}

export const ALL_TOPICS: string[] = Object.values(Topics).flatMap((t) => [t, retryTopicOf(t), deadLetterTopicOf(t)]);
