import { IncidentServiceComponents } from '@prespond/contracts';
import { FormBody, tagsOf } from '../incidents/incident-form';
import { instantFromLocal, localInputValue } from '../views/time';
import { FieldProblem } from '../views/views';
import { MaintenanceWindow } from './maintenance-views';
import { MAINTENANCE_TEXT as T } from './maintenance.text';

type ScheduleMaintenance = IncidentServiceComponents['schemas']['ScheduleMaintenanceDto'];
type RescheduleMaintenance = IncidentServiceComponents['schemas']['RescheduleMaintenanceDto'];

const P = T.problems;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** An optional message (empty: none), or a problem when it is too short or too long for the service (3 to 1000). */
export function optionalMessage(value: unknown): { message?: string; valid: boolean } {
  const message = text(value);
  if (!message) return { valid: true };
  return { message, valid: message.length >= 3 && message.length <= 1000 };
}

/** One datetime-local field read in the person's zone: the instant, or a problem (missing, or no real date and time). */
function instant(body: FormBody, field: 'startsAt' | 'endsAt', zone: string, problems: FieldProblem[]): string | undefined {
  const value = instantFromLocal(body[field], zone);
  if (value === undefined) problems.push({ field, reason: P.dateTime });
  else if (value === null) problems.push({ field, reason: field === 'startsAt' ? P.startsAtMissing : P.endsAtMissing });
  return value ?? undefined;
}

/** The window a "Schedule maintenance" form describes, or the problems with it (each naming its field, for the error summary). */
export function scheduleFrom(body: FormBody, zone: string, now: Date): { maintenance?: ScheduleMaintenance; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const title = text(body.title);
  const message = text(body.message);
  const components = tagsOf(body.components, body.componentsOther);
  const regions = tagsOf(body.regions, body.regionsOther);
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', reason: P.title });
  if (message.length < 3 || message.length > 1000) problems.push({ field: 'message', reason: P.message });
  if (components.length === 0) problems.push({ field: 'componentsOther', reason: P.components });
  const startsAt = instant(body, 'startsAt', zone, problems);
  const endsAt = instant(body, 'endsAt', zone, problems);
  if (startsAt && Date.parse(startsAt) <= now.getTime()) problems.push({ field: 'startsAt', reason: P.startsAtPast });
  if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) problems.push({ field: 'endsAt', reason: P.endsBeforeStart });
  if (problems.length || !startsAt || !endsAt) return { problems };
  return { problems, maintenance: { title, message, components, regions, startsAt, endsAt } };
}

/**
 * The move a "Move or extend" form describes for `window`, or the problems with it. The form shows the window's
 * times to the minute: a field left as shown is not sent (the window may have seconds the form cannot show); once
 * the window has begun only its end is read.
 */
export function rescheduleFrom(body: FormBody, window: MaintenanceWindow, zone: string, now: Date): { change?: RescheduleMaintenance; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const { message, valid } = optionalMessage(body.moveMessage);
  if (!valid) problems.push({ field: 'moveMessage', reason: P.optionalMessage });
  const begun = window.state === 'in_progress';
  const changed = (field: 'startsAt' | 'endsAt') => text(body[field]) !== localInputValue(window[field], zone);
  const startsAt = !begun && changed('startsAt') ? instant(body, 'startsAt', zone, problems) : undefined;
  const endsAt = changed('endsAt') ? instant(body, 'endsAt', zone, problems) : undefined;
  if (problems.length) return { problems };
  if (startsAt === undefined && endsAt === undefined) return { problems: [{ field: begun ? 'endsAt' : 'startsAt', reason: P.unchanged }] };
  if (startsAt && Date.parse(startsAt) <= now.getTime()) problems.push({ field: 'startsAt', reason: P.startsAtPast });
  const start = Date.parse(startsAt ?? window.startsAt);
  const end = Date.parse(endsAt ?? window.endsAt);
  if (end <= start) problems.push({ field: 'endsAt', reason: P.endsBeforeStart });
  else if (endsAt && end <= now.getTime()) problems.push({ field: 'endsAt', reason: P.endsAtPast });
  if (problems.length) return { problems };
  return { problems, change: { ...(startsAt ? { startsAt } : {}), ...(endsAt ? { endsAt } : {}), ...(message ? { message } : {}) } };
}

const LABELS: Record<string, string> = { title: T.form.name, message: T.form.message, components: T.form.components, regions: T.form.regions, startsAt: T.form.startsAt, endsAt: T.form.endsAt };

/**
 * The service's 400 reasons as problems of the form's fields, in the form's words: the field's label first, and the
 * API's names for the times inside a reason ("must be after startsAt") as the form calls them.
 */
export function problemsFromService(reasons: { field?: string; reason: string }[], fields: Record<string, string> = {}, fallback = 'title'): FieldProblem[] {
  const formField = (field?: string) => (field && fields[field]) ?? (field === 'components' ? 'componentsOther' : field === 'regions' ? 'regionsOther' : field && field in LABELS ? field : fallback);
  const words = (reason: string) => reason.replace(/\b(startsAt|endsAt)\b/g, (name) => T.problems.inReasons[name as 'startsAt' | 'endsAt']);
  return reasons.map((r) => ({ field: formField(r.field), reason: r.field && LABELS[r.field] ? `${LABELS[r.field]}: ${words(r.reason)}` : words(r.reason) }));
}
