import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import Ajv from 'ajv';
import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/* eslint-disable @typescript-eslint/no-explicit-any */

const MINUTE = 60_000;
const schema = JSON.parse(readFileSync(join(__dirname, 'support', 'statuspage', 'statuspage-schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addSchema(schema);
/** Validates a document against the schema written from Statuspage's documentation; the errors when it does not. */
function statuspageErrors(definition: string, body: unknown): unknown[] {
  const validate = ajv.getSchema(`${schema.$id}#/definitions/${definition}`)!;
  return validate(body) ? [] : (validate.errors ?? []);
}

/**
 * The public status page against the real stack: what ops declare and schedule in incident-service shows on the
 * page, in the Atom and RSS feeds (read with a feed reader's parser) and in the Statuspage-shaped JSON (checked
 * against a schema written from Statuspage's documentation), served with validators and caching a CDN can use.
 */
describe('public status page, end to end', () => {
  let system: SystemUnderTest;
  const page = (path: string, init: RequestInit = {}) => fetch(`${system.statusPageUrl}${path}`, init);
  const text = async (path: string) => (await page(path)).text();
  const json = async (path: string): Promise<any> => (await page(path)).json();

  beforeAll(async () => {
    system = await SystemUnderTest.start({ MAINTENANCE_INTERVAL_MS: '200' }, { statusPage: true });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows an incident and running maintenance on the page, in the feeds and in the Statuspage JSON; then the resolution', async () => {
    // At first: all is well.
    await waitFor(async () => (await page('/')).ok, { description: 'the status page' });
    expect(await text('/')).toContain('All Systems Operational');

    const incident = await system.post('incident-service', '/incidents', {
      title: 'Internet outage in Berlin', message: 'A fibre cable was cut & we are on it.', severity: 'major', components: ['internet'], regions: ['berlin'],
      eta: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    const start = new Date(Date.now() + 2 * MINUTE).toISOString();
    const window = await system.post('incident-service', '/maintenance', {
      title: 'TV head-end upgrade', message: 'Channels may freeze for a minute.', components: ['tv'], regions: [], startsAt: start, endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await system.setClock(new Date(Date.parse(start) + MINUTE).toISOString());
    await waitFor(async () => (await system.get('incident-service', `/maintenance/${window.id}`)).state === 'in_progress', { description: 'the maintenance to start' });

    // The page: the overall state, the incident with its update, the maintenance, each component's state.
    const html = await waitFor(async () => {
      const body = await text('/');
      return body.includes('Internet outage in Berlin') && body.includes('Maintenance under way') && body;
    }, { description: 'the page to show the incident and the maintenance under way' });
    expect(html).toContain('Partial System Outage');
    expect(html).toContain('A fibre cable was cut &amp; we are on it.');
    expect(html).toMatch(/Internet<\/h3>\s*<p class="component-status"><span class="status-mark" aria-hidden="true"><\/span>Partial outage in berlin/);
    expect(html).toMatch(/TV<\/h3>\s*<p class="component-status"><span class="status-mark" aria-hidden="true"><\/span>Under maintenance/);
    expect(html).toMatch(/<time datetime="[^"]+">\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC<\/time>/);
    expect(await text(`/incidents/${incident.id}`)).toContain('A fibre cable was cut &amp; we are on it.');
    expect(await text(`/maintenance/${window.id}`)).toContain('Channels may freeze for a minute.');

    // Caching: a validator and a lifetime a CDN can keep; the same bytes again are a 304; compressed when asked.
    const first = await page('/');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect((await page('/', { headers: { 'if-none-match': etag } })).status).toBe(304);
    const gzipped = await page('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(await gzipped.text()).toContain('Internet outage in Berlin'); // fetch decompresses: the bytes were right
    const missing = await page('/no-such-page');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');

    // The feeds parse with a feed reader's parser and list both, each with a stable id.
    for (const path of ['/history.atom', '/history.rss']) {
      const response = await page(path);
      expect(response.headers.get('content-type')).toMatch(path.endsWith('atom') ? /application\/atom\+xml/ : /application\/rss\+xml/);
      const feed = parseFeed(await response.text());
      expect(feed.items.map((i: any) => i.id)).toEqual(
        expect.arrayContaining([`${system.statusPageUrl}/incidents/${incident.id}`, `${system.statusPageUrl}/maintenance/${window.id}`]),
      );
    }
    const internetOnly = parseFeed(await text('/components/internet/history.atom'));
    expect(internetOnly.items.map((i: any) => i.title)).toEqual(['Internet outage in Berlin']);

    // The Statuspage-shaped JSON: every endpoint valid against the documented shapes, readable from any origin.
    const documents: Record<string, string> = {
      '/api/v2/summary.json': 'SummaryResponse',
      '/api/v2/status.json': 'StatusResponse',
      '/api/v2/components.json': 'ComponentsResponse',
      '/api/v2/incidents.json': 'IncidentsResponse',
      '/api/v2/incidents/unresolved.json': 'UnresolvedIncidentsResponse',
      '/api/v2/scheduled-maintenances.json': 'ScheduledMaintenancesResponse',
      '/api/v2/scheduled-maintenances/upcoming.json': 'UpcomingScheduledMaintenancesResponse',
      '/api/v2/scheduled-maintenances/active.json': 'ActiveScheduledMaintenancesResponse',
    };
    for (const [path, definition] of Object.entries(documents)) {
      const response = await page(path);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect({ path, errors: statuspageErrors(definition, await response.json()) }).toEqual({ path, errors: [] });
    }
    const summary = await json('/api/v2/summary.json');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components.map((c: any) => [c.name, c.status])).toEqual([['Internet', 'partial_outage'], ['TV', 'under_maintenance'], ['Phone', 'operational']]);
    expect(summary.incidents.map((i: any) => [i.id, i.impact, i.shortlink])).toEqual([[incident.id, 'major', `${system.statusPageUrl}/incidents/${incident.id}`]]);
    expect(summary.scheduled_maintenances.map((m: any) => [m.id, m.status])).toEqual([[window.id, 'in_progress']]);
    expect((await page('/api/v2/components.json', { method: 'HEAD' })).status).toBe(200);

    // The banner's document, for any origin.
    const banner = await json('/embed/status.json');
    expect(banner.items.map((i: any) => [i.kind, i.id, i.components])).toEqual([['incident', incident.id, ['internet']], ['maintenance', window.id, ['tv']]]);

    // Resolved: the page says so within a refresh, the unresolved list empties, the history keeps it.
    await system.post('incident-service', `/incidents/${incident.id}/resolve`, { message: 'Everyone is back online.' });
    await waitFor(async () => (await json('/api/v2/incidents/unresolved.json')).incidents.length === 0, { description: 'the resolution on the page' });
    const after = await text('/');
    expect(after).toContain('Service Under Maintenance');
    expect(after).toMatch(/<a href="\/incidents\/[^"]+">Internet outage in Berlin<\/a>/);
    const resolved = (await json('/api/v2/incidents.json')).incidents[0];
    expect(resolved).toMatchObject({ id: incident.id, status: 'resolved' });
    expect(resolved.incident_updates[0].body).toBe('Everyone is back online.');
  });
});
