/** Event contracts and topic names shared by every Prespond service. */
export * from './cadence';
export * from './envelope';
export * from './events/activity-recorded';
export * from './events/caller-sms-updates-requested';
export * from './events/incident-alerts';
export * from './events/incident-changed';
export * from './events/incident-feedback';
export * from './events/message-requested';
export * from './events/notification-requested';
export * from './events/subscriber-changed';
export * from './events/subscriber-erased';
export * from './http/campaign-deliveries';
export * from './http/incident-deliveries';
export * from './http/subscriber-export';
export * from './registry';
export * from './tags';
export * from './topics';
