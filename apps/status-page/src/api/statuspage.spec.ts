import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import { ListedComponent } from '../config/env';
import { PublicIncident, PublicMaintenance, Snapshot, statusModel } from '../model/status-model';
import { STATUSPAGE_PATHS, StatuspageConfig, statuspageComponentId, statuspageDocuments } from './statuspage';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../../test/support/statuspage/statuspage-schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema);
const validatorOf = (definition: string) => ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;

const DEFINITION_OF_PATH: Record<string, string> = {
  '/api/v2/summary.json': 'SummaryResponse',
  '/api/v2/status.json': 'StatusResponse',
  '/api/v2/components.json': 'ComponentsResponse',
  '/api/v2/incidents.json': 'IncidentsResponse',
  '/api/v2/incidents/unresolved.json': 'UnresolvedIncidentsResponse',
  '/api/v2/scheduled-maintenances.json': 'ScheduledMaintenancesResponse',
  '/api/v2/scheduled-maintenances/upcoming.json': 'UpcomingScheduledMaintenancesResponse',
  '/api/v2/scheduled-maintenances/active.json': 'ActiveScheduledMaintenancesResponse',
};

/** The keys Statuspage documents for a component that is not a group (check-statuspage rejects any other). */
const COMPONENT_KEYS = [
  ...['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date'],
  ...['group_id', 'page_id', 'group', 'only_show_if_degraded'],
];

const LISTED: ListedComponent[] = [
  { tag: 'internet', name: 'Internet' },
  { tag: 'tv', name: 'TV' },
];
const CONFIG: StatuspageConfig = {
  publicUrl: 'https://status.example.test',
  brand: 'Example Telecom',
  pageId: 'exampletel',
  timeZone: 'UTC',
  components: LISTED,
};

const openIncidentUpdatedAt = '2030-03-10T10:30:00.000Z';
const openIncident: PublicIncident = {
  id: 'inc-open',
  title: 'Internet down in the north',
  severity: 'major',
  status: 'identified',
  components: ['internet', 'phone'],
  regions: ['north'],
  declaredAt: '2030-03-10T09:00:00.000Z',
  updatedAt: openIncidentUpdatedAt,
  resolvedAt: null,
  timeline: [
    { id: 'u-open-1', sequence: 1, status: 'investigating', message: 'We are looking into it.', eta: null, nextUpdateBy: null, createdAt: '2030-03-10T09:00:05.000Z' },
    { id: 'u-open-2', sequence: 2, status: 'identified', message: 'A fibre was cut; crews are coming.', eta: null, nextUpdateBy: null, createdAt: openIncidentUpdatedAt },
  ],
};

const resolvedIncident: PublicIncident = {
  id: 'inc-old',
  title: 'TV guide slow',
  severity: 'minor',
  status: 'resolved',
  components: ['tv'],
  regions: [],
  declaredAt: '2030-03-06T08:00:00.000Z',
  updatedAt: '2030-03-06T09:15:00.000Z',
  resolvedAt: '2030-03-06T09:15:00.000Z',
  timeline: [
    { id: 'u-old-1', sequence: 1, status: 'investigating', message: 'The guide loads slowly.', eta: null, nextUpdateBy: null, createdAt: '2030-03-06T08:00:00.000Z' },
    { id: 'u-old-2', sequence: 2, status: 'monitoring', message: 'A fix is in; we are watching.', eta: null, nextUpdateBy: null, createdAt: '2030-03-06T08:40:00.000Z' },
    { id: 'u-old-3', sequence: 3, status: 'resolved', message: 'The guide is fast again.', eta: null, nextUpdateBy: null, createdAt: '2030-03-06T09:15:00.000Z' },
  ],
};

const windowOf = (id: string, fields: Partial<PublicMaintenance>): PublicMaintenance => ({
  id,
  title: `Works ${id}`,
  message: 'Planned works.',
  state: 'scheduled',
  components: ['internet'],
  regions: [],
  startsAt: '2030-03-20T02:00:00.000Z',
  endsAt: '2030-03-20T04:00:00.000Z',
  createdAt: '2030-03-09T15:00:00.000Z',
  updatedAt: '2030-03-09T15:00:00.000Z',
  startedAt: null,
  completedAt: null,
  cancelledAt: null,
  timeline: [],
  ...fields,
});
const entry = (id: string, kind: PublicMaintenance['timeline'][number]['kind'], createdAt: string, message: string) => ({
  id,
  kind,
  message,
  createdAt,
  startsAt: '2030-03-20T02:00:00.000Z',
  endsAt: '2030-03-20T04:00:00.000Z',
});

const running = windowOf('mnt-now', {
  state: 'in_progress',
  components: ['tv'],
  startsAt: '2030-03-10T11:00:00.000Z',
  endsAt: '2030-03-10T13:00:00.000Z',
  // Created before the history starts: the components' created_at must not come after it.
  createdAt: '2030-03-01T10:00:00.000Z',
  updatedAt: '2030-03-10T11:00:00.000Z',
  startedAt: '2030-03-10T11:00:00.000Z',
  timeline: [
    entry('e-now-1', 'scheduled', '2030-03-01T10:00:00.000Z', 'TV works on 10 March.'),
    entry('e-now-2', 'started', '2030-03-10T11:00:00.000Z', 'The TV works have begun.'),
  ],
});
const upcoming = windowOf('mnt-next', { timeline: [entry('e-next-1', 'scheduled', '2030-03-09T15:00:00.000Z', 'Internet works on 20 March.')] });
const cancelled = windowOf('mnt-off', {
  state: 'cancelled',
  startsAt: '2030-03-12T02:00:00.000Z',
  endsAt: '2030-03-12T03:00:00.000Z',
  createdAt: '2030-03-05T10:00:00.000Z',
  updatedAt: '2030-03-08T16:00:00.000Z',
  cancelledAt: '2030-03-08T16:00:00.000Z',
  timeline: [
    entry('e-off-1', 'scheduled', '2030-03-05T10:00:00.000Z', 'Internet works on 11 March.'),
    entry('e-off-2', 'rescheduled', '2030-03-07T10:00:00.000Z', 'Moved to 12 March.'),
    entry('e-off-3', 'cancelled', '2030-03-08T16:00:00.000Z', 'The internet works of 12 March are cancelled.'),
  ],
});

/** The page's clock when it derives the model. */
const NOW = new Date('2030-03-10T12:00:00.000Z');

const snapshot: Snapshot = {
  since: '2030-03-04',
  incidents: [openIncident, resolvedIncident],
  maintenance: [upcoming, cancelled, running],
};

const documentsOf = (snap: Snapshot, config: StatuspageConfig = CONFIG) =>
  statuspageDocuments(statusModel(snap, config.components, 'UTC', 7, NOW), config) as Record<string, any>;

describe('Statuspage API v2 documents', () => {
  const docs = documentsOf(snapshot);
  const summary = docs['/api/v2/summary.json'];
  const components = docs['/api/v2/components.json'].components;
  const incidents = docs['/api/v2/incidents.json'].incidents;
  const maintenances = docs['/api/v2/scheduled-maintenances.json'].scheduled_maintenances;
  const byId = (items: any[], id: string) => items.find((item) => item.id === id);

  it.each(STATUSPAGE_PATHS.map((path) => [path]))('%s is valid against the Statuspage schema', (path) => {
    const validate = validatorOf(DEFINITION_OF_PATH[path]);
    expect(validate(docs[path]) ? [] : validate.errors).toEqual([]);
  });

  it('serves exactly the eight documented endpoints', () => {
    expect(Object.keys(docs).sort()).toEqual(Object.keys(DEFINITION_OF_PATH).sort());
  });

  it('the schema does catch a document that breaks it (the validation above is not vacuous)', () => {
    const broken = { ...docs['/api/v2/components.json'], components: [{ ...components[0], status: 'cancelled' }] };
    expect(validatorOf('ComponentsResponse')(broken)).toBe(false);
    const resolvedInUnresolved = { page: summary.page, incidents: [byId(incidents, 'inc-old')] };
    expect(validatorOf('UnresolvedIncidentsResponse')(resolvedInUnresolved)).toBe(false);
  });

  it('describes the page, naming UTC as IANA does', () => {
    expect(summary.page).toEqual({
      id: 'exampletel',
      name: 'Example Telecom',
      url: 'https://status.example.test',
      time_zone: 'Etc/UTC',
      // The newest change: the running window's start.
      updated_at: running.updatedAt,
    });
    expect(documentsOf(snapshot, { ...CONFIG, timeZone: 'Europe/Berlin' })['/api/v2/status.json'].page.time_zone).toBe('Europe/Berlin');
  });

  it('rolls the page up to the worst open incident, with keys in Statuspage order', () => {
    expect(Object.keys(summary)).toEqual(['page', 'components', 'incidents', 'scheduled_maintenances', 'status']);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(Object.keys(summary.status)).toEqual(['indicator', 'description']);
    expect(docs['/api/v2/status.json'].status).toEqual(summary.status);
  });

  it('lists the configured components with exactly the documented keys', () => {
    expect(components.map((c: any) => [c.name, c.position, c.status])).toEqual([
      ['Internet', 1, 'partial_outage'],
      ['TV', 2, 'under_maintenance'],
    ]);
    for (const component of components) {
      expect(Object.keys(component).sort()).toEqual([...COMPONENT_KEYS].sort());
      expect(component).toMatchObject({ group: false, group_id: null, description: null, start_date: null, page_id: 'exampletel' });
      expect(component).toMatchObject({ showcase: true, only_show_if_degraded: false });
      expect(component.id).toMatch(/^[a-z0-9]{12}$/);
      expect(component.created_at <= component.updated_at).toBe(true);
    }
    expect(summary.components).toEqual(components);
  });

  it('dates a component from the oldest moment known and its last change', () => {
    const [internet, tv] = components;
    expect(internet.created_at).toBe(running.createdAt);
    expect(tv.created_at).toBe(running.createdAt);
    expect(internet.updated_at).toBe(openIncident.updatedAt);
    expect(tv.updated_at).toBe(running.updatedAt);
  });

  it('keeps component ids stable between calls and distinct between tags and pages', () => {
    const again = documentsOf(snapshot)['/api/v2/components.json'].components;
    expect(again.map((c: any) => c.id)).toEqual(components.map((c: any) => c.id));
    expect(components[0].id).toBe(statuspageComponentId('exampletel', 'internet'));
    expect(components[0].id).not.toBe(components[1].id);
    expect(statuspageComponentId('otherpage', 'internet')).not.toBe(components[0].id);
  });

  it('maps an open incident, its updates newest first', () => {
    const incident = byId(incidents, 'inc-open');
    expect(incident).toMatchObject({
      name: openIncident.title,
      status: 'identified',
      impact: 'major',
      created_at: openIncident.declaredAt,
      started_at: openIncident.declaredAt,
      updated_at: openIncident.updatedAt,
      monitoring_at: null,
      resolved_at: null,
      shortlink: 'https://status.example.test/incidents/inc-open',
      page_id: 'exampletel',
    });
    expect(incident.incident_updates.map((u: any) => [u.id, u.status, u.body])).toEqual([
      ['u-open-2', 'identified', 'A fibre was cut; crews are coming.'],
      ['u-open-1', 'investigating', 'We are looking into it.'],
    ]);
    const [latest, first] = incident.incident_updates;
    const postedAt = openIncident.timeline[1].createdAt;
    expect(latest).toMatchObject({ incident_id: 'inc-open', created_at: postedAt, updated_at: postedAt, display_at: postedAt });
    expect(latest.affected_components).toBeNull();
    expect(first.affected_components).toEqual([{ code: components[0].id, name: 'Internet', old_status: 'operational', new_status: 'partial_outage' }]);
    // The unlisted 'phone' is not on the page, so not in the incident either.
    expect(incident.components).toEqual([components[0]]);
  });

  it('maps a resolved incident, giving the components back on its last update', () => {
    const incident = byId(incidents, 'inc-old');
    expect(incident).toMatchObject({ status: 'resolved', impact: 'minor', monitoring_at: '2030-03-06T08:40:00.000Z', resolved_at: '2030-03-06T09:15:00.000Z' });
    expect(incident.incident_updates.map((u: any) => u.affected_components?.map((a: any) => `${a.old_status}>${a.new_status}`) ?? null)).toEqual([
      ['degraded_performance>operational'],
      null,
      ['operational>degraded_performance'],
    ]);
  });

  it('lists incidents newest first; unresolved ones alone in unresolved.json and the summary', () => {
    expect(incidents.map((i: any) => i.id)).toEqual(['inc-open', 'inc-old']);
    expect(docs['/api/v2/incidents/unresolved.json'].incidents.map((i: any) => i.id)).toEqual(['inc-open']);
    expect(summary.incidents).toEqual(docs['/api/v2/incidents/unresolved.json'].incidents);
  });

  it('keeps the 50 newest incidents in incidents.json', () => {
    const many = Array.from({ length: 60 }, (_, n): PublicIncident => {
      const at = new Date(Date.parse('2030-03-04T00:00:00.000Z') + n * 3_600_000).toISOString();
      return { ...resolvedIncident, id: `inc-${n}`, declaredAt: at, updatedAt: at, resolvedAt: at, timeline: [] };
    });
    const listed = documentsOf({ ...snapshot, incidents: [...many].reverse() })['/api/v2/incidents.json'];
    expect(validatorOf('IncidentsResponse')(listed)).toBe(true);
    expect(listed.incidents.map((i: any) => i.id)).toEqual(many.slice(10).reverse().map((i) => i.id));
  });

  it('maps a running window: in progress, its components under maintenance, created when announced', () => {
    const works = byId(maintenances, 'mnt-now');
    expect(works).toMatchObject({
      status: 'in_progress',
      impact: 'maintenance',
      scheduled_for: running.startsAt,
      scheduled_until: running.endsAt,
      created_at: running.createdAt,
      started_at: running.createdAt,
      monitoring_at: null,
      resolved_at: null,
      shortlink: 'https://status.example.test/maintenance/mnt-now',
    });
    expect(works.incident_updates.map((u: any) => [u.status, u.affected_components?.[0].new_status ?? null])).toEqual([
      ['in_progress', 'under_maintenance'],
      ['scheduled', 'operational'],
    ]);
    expect(works.components).toEqual([components[1]]);
    expect(docs['/api/v2/scheduled-maintenances/active.json'].scheduled_maintenances.map((m: any) => m.id)).toEqual(['mnt-now']);
  });

  it('maps a cancelled window as completed, its cancellation the newest update', () => {
    const off = byId(maintenances, 'mnt-off');
    expect(off).toMatchObject({ status: 'completed', resolved_at: cancelled.cancelledAt });
    expect(off.incident_updates.map((u: any) => [u.id, u.status])).toEqual([
      ['e-off-3', 'completed'],
      ['e-off-2', 'scheduled'],
      ['e-off-1', 'scheduled'],
    ]);
    expect(off.incident_updates[0].body).toBe('The internet works of 12 March are cancelled.');
  });

  it('lists windows newest first; the summary has the upcoming and running ones only', () => {
    expect(maintenances.map((m: any) => m.id)).toEqual(['mnt-next', 'mnt-off', 'mnt-now']);
    expect(docs['/api/v2/scheduled-maintenances/upcoming.json'].scheduled_maintenances.map((m: any) => m.id)).toEqual(['mnt-next']);
    expect(summary.scheduled_maintenances.map((m: any) => [m.id, m.status])).toEqual([
      ['mnt-next', 'scheduled'],
      ['mnt-now', 'in_progress'],
    ]);
  });

  it('shows a running window as maintenance when nothing is worse', () => {
    const calm = documentsOf({ ...snapshot, incidents: [resolvedIncident] });
    expect(calm['/api/v2/status.json'].status).toEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(calm['/api/v2/components.json'].components.map((c: any) => c.status)).toEqual(['operational', 'under_maintenance']);
    for (const path of STATUSPAGE_PATHS) expect(validatorOf(DEFINITION_OF_PATH[path])(calm[path])).toBe(true);
  });
});
