import { IncidentServiceComponents } from '@prespond/contracts';
import { FieldProblem } from '../views/views';
import { instantFromLocal } from '../views/time';
import { INCIDENTS_TEXT } from './incidents.text';

type DeclareIncident = IncidentServiceComponents['schemas']['DeclareIncidentDto'];
type PostUpdate = IncidentServiceComponents['schemas']['PostIncidentUpdateDto'];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export const STATUSES = ['investigating', 'identified', 'monitoring'] as const;

const P = INCIDENTS_TEXT.problems;

/** The fields of the declare and update forms as posted (strings, or lists for ticked boxes). */
export type FormBody = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const list = (value: unknown) => (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');

/** Ticked tags plus those typed in (comma-separated), lower-cased and de-duplicated, as the services normalise them. */
export function tagsOf(ticked: unknown, typed: unknown): string[] {
  const typedTags = text(typed).split(',');
  return [...new Set([...list(ticked), ...typedTags].map((t) => t.trim().toLowerCase()).filter(Boolean))];
}

/** The time fields, read in the person's zone; a problem per field that is no real date and time, or not ahead. */
function times(body: FormBody, zone: string, now: Date, problems: FieldProblem[]): { eta?: string; nextUpdateBy?: string } {
  const out: { eta?: string; nextUpdateBy?: string } = {};
  for (const field of ['eta', 'nextUpdateBy'] as const) {
    const instant = instantFromLocal(body[field], zone);
    if (instant === undefined) problems.push({ field, reason: P.dateTime });
    else if (instant !== null && Date.parse(instant) <= now.getTime()) problems.push({ field, reason: `${field === 'eta' ? INCIDENTS_TEXT.form.eta : INCIDENTS_TEXT.form.nextUpdateBy}: ${P.future}` });
    else if (instant) out[field] = instant;
  }
  return out;
}

/** What customers are told, as the form gave it (trimmed), and whether the services take it (3 to 1000 characters). */
export function messageOf(body: FormBody): { message: string; valid: boolean } {
  const message = text(body.message);
  return { message, valid: message.length >= 3 && message.length <= 1000 };
}

/** The declaration a form describes, or the problems with it (each naming its field, for the error summary). */
export function declarationFrom(body: FormBody, zone: string, now: Date): { incident?: DeclareIncident; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const title = text(body.title);
  const { message, valid } = messageOf(body);
  const severity = text(body.severity);
  const status = text(body.status) || 'investigating';
  const components = tagsOf(body.components, body.componentsOther);
  const regions = tagsOf(body.regions, body.regionsOther);
  if (title.length < 3 || title.length > 200) problems.push({ field: 'title', reason: P.title });
  if (!valid) problems.push({ field: 'message', reason: P.message });
  if (!(SEVERITIES as readonly string[]).includes(severity)) problems.push({ field: 'severity', reason: P.severity });
  if (components.length === 0) problems.push({ field: 'componentsOther', reason: P.components });
  const when = times(body, zone, now, problems);
  if (problems.length) return { problems };
  return {
    problems,
    incident: {
      title,
      message,
      severity: severity as DeclareIncident['severity'],
      status: ((STATUSES as readonly string[]).includes(status) ? status : 'investigating') as DeclareIncident['status'],
      components,
      regions,
      ...when,
    },
  };
}

/** An update a form describes (message, status, severity, times), or the problems with it. */
export function updateFrom(body: FormBody, zone: string, now: Date): { update?: PostUpdate; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const { message, valid } = messageOf(body);
  const status = text(body.status);
  const severity = text(body.severity);
  if (!valid) problems.push({ field: 'message', reason: P.message });
  const when = times(body, zone, now, problems);
  if (problems.length) return { problems };
  return {
    problems,
    update: {
      message,
      ...((STATUSES as readonly string[]).includes(status) ? { status: status as PostUpdate['status'] } : {}),
      ...((SEVERITIES as readonly string[]).includes(severity) ? { severity: severity as PostUpdate['severity'] } : {}),
      ...when,
    },
  };
}

/** The service's 400 reasons as problems of the form's fields (its `components` is the form's typed-in field). */
export function problemsFromService(reasons: { field?: string; reason: string }[]): FieldProblem[] {
  const fieldOf = (field?: string) => (field === 'components' ? 'componentsOther' : field === 'regions' ? 'regionsOther' : field || 'title');
  return reasons.map((r) => ({ field: fieldOf(r.field), reason: r.field ? `${r.field}: ${r.reason}` : r.reason }));
}
