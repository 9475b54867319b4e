import { randomUUID } from 'node:crypto';
import { IncidentSnapshot, IncidentStatus, IncidentUpdate, NotificationTemplate, parseInstant, Severity } from '@prespond/contracts';
import { FieldError } from '@prespond/platform';

/** The templates an incident that is not declared yet can be previewed with (a digest needs a history). */
export const DRAFT_TEMPLATES = ['incident.declared', 'incident.updated', 'incident.resolved'] as const satisfies readonly NotificationTemplate[];
export type DraftTemplate = (typeof DRAFT_TEMPLATES)[number];

/** An incident as ops are about to declare it (or update, or resolve it): what a preview shows her. */
export interface DraftIncident {
  title: string;
  message: string;
  severity: Severity;
  status?: IncidentStatus;
  components: string[];
  regions?: string[];
  eta?: string;
  nextUpdateBy?: string;
}

/**
 * What the draft's status says against the template: a resolution is `resolved` (or says nothing), a declaration or
 * an update is not (an update that resolves is an `incident.resolved`, as incident-service publishes it).
 */
export function draftErrors(template: DraftTemplate, draft: DraftIncident): FieldError[] {
  if (draft.status === undefined) return [];
  if (template === 'incident.resolved' && draft.status !== 'resolved') return [{ field: 'incident.status', reason: `must be resolved (or omitted) for ${template}` }];
  if (template !== 'incident.resolved' && draft.status === 'resolved') return [{ field: 'incident.status', reason: `must not be resolved for ${template}: use incident.resolved` }];
  return [];
}

/**
 * The incident and its update as the event for `template` would carry them, made up `now` (ids are fresh: nothing
 * is stored or sent). A declaration is update 1; an update or a resolution is shown as the second entry.
 */
export function draftIncidentChange(template: DraftTemplate, draft: DraftIncident, now: Date): { incident: IncidentSnapshot; update: IncidentUpdate } {
  const resolved = template === 'incident.resolved';
  const status = draft.status ?? (resolved ? 'resolved' : 'investigating');
  const instant = (value: string | undefined) => (value === undefined ? null : (parseInstant(value)?.toISOString() ?? null));
  const at = now.toISOString();
  return {
    incident: {
      id: randomUUID(),
      title: draft.title,
      status,
      severity: draft.severity,
      components: draft.components,
      regions: draft.regions ?? [],
      declaredAt: at,
      resolvedAt: resolved ? at : null,
    },
    update: {
      id: randomUUID(),
      sequence: template === 'incident.declared' ? 1 : 2,
      status,
      message: draft.message,
      eta: instant(draft.eta),
      nextUpdateBy: instant(draft.nextUpdateBy),
      createdAt: at,
    },
  };
}
