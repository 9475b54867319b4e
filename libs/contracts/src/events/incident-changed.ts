import { z } from 'zod';
import { envelope, instant } from '../envelope';

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The incident as it stands after the change: consumers never need to ask incident-service for it. */
export const IncidentSnapshotSchema = z.object({
  id: z.string().uuid(),
  title: z.string().min(1),
  status: z.enum(INCIDENT_STATUSES),
  severity: z.enum(SEVERITIES),
  /** Affected components, as customers name them (e.g. `internet`, `tv`). */
  components: z.array(z.string().min(1)).min(1),
  /** Affected regions; empty means every region. */
  regions: z.array(z.string().min(1)),
  declaredAt: instant,
  resolvedAt: instant.nullable(),
});
export type IncidentSnapshot = z.infer<typeof IncidentSnapshotSchema>;

/** One entry of the incident's timeline: what customers are told this time. */
export const IncidentUpdateSchema = z.object({
  id: z.string().uuid(),
  /** 1 for the declaration, then 2, 3… in the order the updates were made. */
  sequence: z.number().int().positive(),
  status: z.enum(INCIDENT_STATUSES),
  /** The customer-facing message. */
  message: z.string().min(1),
  /** When we expect it fixed. */
  eta: instant.nullable(),
  /** When customers will hear from us next. */
  nextUpdateBy: instant.nullable(),
  createdAt: instant,
});
export type IncidentUpdate = z.infer<typeof IncidentUpdateSchema>;

const incidentChangeData = z.object({
  incident: IncidentSnapshotSchema,
  update: IncidentUpdateSchema,
  /**
   * The incident's status before this change (null for a declaration), so consumers can tell milestones (the
   * moment the cause is identified) from further updates. Added to version 1 as optional: older events lack it.
   */
  previousStatus: z.enum(INCIDENT_STATUSES).nullable().optional(),
});

/** Ops declared an incident. Version 1. Topic `incident.changed`, key: incident id. */
export const IncidentDeclaredV1 = envelope('incident.declared', 1, incidentChangeData);
/** Ops posted an update (status, message, ETA or next update). Version 1. Topic `incident.changed`, key: incident id. */
export const IncidentUpdatedV1 = envelope('incident.updated', 1, incidentChangeData);
/** Ops resolved the incident. Version 1. Topic `incident.changed`, key: incident id. */
export const IncidentResolvedV1 = envelope('incident.resolved', 1, incidentChangeData);

/** Any event on `incident.changed`. */
export const IncidentChangedSchema = z.discriminatedUnion('type', [IncidentDeclaredV1, IncidentUpdatedV1, IncidentResolvedV1]);
export type IncidentChangedEvent = z.infer<typeof IncidentChangedSchema>;
export type IncidentChangeType = IncidentChangedEvent['type'];
