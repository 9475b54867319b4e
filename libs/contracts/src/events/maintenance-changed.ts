import { z } from 'zod';
import { envelope, instant } from '../envelope';

/** Where a maintenance window stands: announced, running, over, or called off. */
export const MAINTENANCE_STATES = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

/**
 * What one entry of a window's timeline is: scheduled, a notice ahead of it (T-72 h, T-1 h…), moved or extended,
 * started, completed, cancelled. Notices are for customers only: the public timeline leaves them out.
 */
export const MAINTENANCE_ENTRY_KINDS = ['scheduled', 'notice', 'rescheduled', 'started', 'completed', 'cancelled'] as const;
export type MaintenanceEntryKind = (typeof MAINTENANCE_ENTRY_KINDS)[number];

/** The window as it stands after the change: consumers never need to ask incident-service for it. */
export const MaintenanceSnapshotSchema = z.object({
  id: z.string().uuid(),
  title: z.string().min(1),
  /** What customers are told about the work, in plain words. */
  message: z.string().min(1),
  state: z.enum(MAINTENANCE_STATES),
  /** Components under maintenance, as customers name them (e.g. `internet`, `tv`). */
  components: z.array(z.string().min(1)).min(1),
  /** Regions under maintenance; empty means every region. */
  regions: z.array(z.string().min(1)),
  startsAt: instant,
  endsAt: instant,
  /** 1 when scheduled, one more each time it is moved or extended: notices are sent once per version. */
  scheduleVersion: z.number().int().positive(),
  createdAt: instant,
  startedAt: instant.nullable(),
  completedAt: instant.nullable(),
  cancelledAt: instant.nullable(),
});
export type MaintenanceSnapshot = z.infer<typeof MaintenanceSnapshotSchema>;

/** One entry of the window's timeline: what changed, and what customers are told this time. */
export const MaintenanceEntrySchema = z.object({
  /** Stable: message ids derive from it, so an event delivered twice sends each message once. */
  id: z.string().uuid(),
  kind: z.enum(MAINTENANCE_ENTRY_KINDS),
  message: z.string().min(1),
  /** The window as of this entry. */
  startsAt: instant,
  endsAt: instant,
  /** `notice` only: how long before the start it was due, in minutes (4320 for T-72 h). */
  offsetMinutes: z.number().int().positive().nullable(),
  /** `rescheduled` only: the window before the change. */
  previousStartsAt: instant.nullable(),
  previousEndsAt: instant.nullable(),
  /**
   * Whether customers hear of this entry: notices, the start and the end always; a move or a cancellation only once
   * they were told of the window (before its first notice, the notice itself will carry the new times); `scheduled`
   * never (they hear of it through the notices).
   */
  announce: z.boolean(),
  createdAt: instant,
});
export type MaintenanceEntry = z.infer<typeof MaintenanceEntrySchema>;

const maintenanceChangeData = z.object({ maintenance: MaintenanceSnapshotSchema, entry: MaintenanceEntrySchema });

/** Ops scheduled a window (customers hear of it through the notices ahead). Topic `maintenance.changed`, key: its id. */
export const MaintenanceScheduledV1 = envelope('maintenance.scheduled', 1, maintenanceChangeData);
/** A notice ahead of the window is due (one per configured offset and schedule version). */
export const MaintenanceNoticeDueV1 = envelope('maintenance.notice-due', 1, maintenanceChangeData);
/** Ops moved or extended the window: customers are told the new times. */
export const MaintenanceRescheduledV1 = envelope('maintenance.rescheduled', 1, maintenanceChangeData);
/** The window began (at its start, by the scheduler). */
export const MaintenanceStartedV1 = envelope('maintenance.started', 1, maintenanceChangeData);
/** The window ended (at its end, by the scheduler, or early by ops). */
export const MaintenanceCompletedV1 = envelope('maintenance.completed', 1, maintenanceChangeData);
/** Ops called the window off. */
export const MaintenanceCancelledV1 = envelope('maintenance.cancelled', 1, maintenanceChangeData);

/** Any event on `maintenance.changed`. */
export const MaintenanceChangedSchema = z.discriminatedUnion('type', [
  MaintenanceScheduledV1,
  MaintenanceNoticeDueV1,
  MaintenanceRescheduledV1,
  MaintenanceStartedV1,
  MaintenanceCompletedV1,
  MaintenanceCancelledV1,
]);
export type MaintenanceChangedEvent = z.infer<typeof MaintenanceChangedSchema>;
export type MaintenanceChangeType = MaintenanceChangedEvent['type'];

/** The event type of each timeline entry kind. */
export const MAINTENANCE_EVENT_OF: Record<MaintenanceEntryKind, MaintenanceChangeType> = {
  scheduled: 'maintenance.scheduled',
  notice: 'maintenance.notice-due',
  rescheduled: 'maintenance.rescheduled',
  started: 'maintenance.started',
  completed: 'maintenance.completed',
  cancelled: 'maintenance.cancelled',
};
