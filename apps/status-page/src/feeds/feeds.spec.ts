import { dirname } from 'path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { FeedConfig, statusFeeds } from './feeds';
import { PublicIncident, PublicMaintenance, Snapshot, statusModel } from '../model/status-model';

/** The XML parser feed-parser itself stands on: its validator rejects what is not well-formed (feed-parser is lenient). */
const { XMLValidator } = require(require.resolve('fast-xml-parser', { paths: [dirname(require.resolve('@rowanmanning/feed-parser'))] }));

/**
 * Well-formed: the validator, plus the one rule it lets through: `]]>` may only end a CDATA section (a second `]]>` in a
 * CDATA text would end it early and leave the rest as character data).
 */
const wellFormed = (xml: string) => XMLValidator.validate(xml) === true && !xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').includes(']]>');

const PAGE = 'https://status.example.test';
const CONFIG: FeedConfig = {
  publicUrl: PAGE,
  brand: 'Example Telecom',
  contact: 'help@example.test',
  components: [
    { tag: 'internet', name: 'Internet' },
    { tag: 'tv', name: 'TV' },
  ],
};
const HOSTILE = '<script>alert(1)</script> & "quotes"';
const HOSTILE_TITLE = 'TV & <b>head-end</b> ]]> work ]]> tonight';

const openIncident: PublicIncident = {
  id: 'inc-open',
  title: 'Internet down in the north',
  severity: 'major',
  status: 'identified',
  components: ['internet', 'phone'],
  regions: ['north'],
  declaredAt: '2030-12-02T14:00:00.000Z',
  updatedAt: '2030-12-02T14:30:00.000Z',
  resolvedAt: null,
  timeline: [
    { id: 'u1', sequence: 1, status: 'investigating', message: 'We are looking into it.', eta: null, nextUpdateBy: null, createdAt: '2030-12-02T14:00:00.000Z' },
    { id: 'u2', sequence: 2, status: 'identified', message: HOSTILE, eta: null, nextUpdateBy: null, createdAt: '2030-12-02T14:30:00.000Z' },
  ],
};

const resolvedIncident: PublicIncident = {
  id: 'inc-old',
  title: 'TV guide slow',
  severity: 'minor',
  status: 'resolved',
  components: ['tv'],
  regions: [],
  declaredAt: '2030-11-30T09:00:00.000Z',
  updatedAt: '2030-11-30T10:15:00.000Z',
  resolvedAt: '2030-11-30T10:15:00.000Z',
  timeline: [
    { id: 'u3', sequence: 1, status: 'investigating', message: 'The guide loads slowly.', eta: null, nextUpdateBy: null, createdAt: '2030-11-30T09:00:00.000Z' },
    { id: 'u4', sequence: 2, status: 'resolved', message: 'The guide is fast again.', eta: null, nextUpdateBy: null, createdAt: '2030-11-30T10:15:00.000Z' },
  ],
};

type Entry = PublicMaintenance['timeline'][number];
type Window = Pick<Entry, 'startsAt' | 'endsAt'>;
const entryOf = (id: string, kind: Entry['kind'], message: string, createdAt: string, window: Window): Entry => ({ id, kind, message, createdAt, ...window });
const RUNNING_WINDOW = { startsAt: '2030-12-02T13:00:00.000Z', endsAt: '2030-12-02T16:00:00.000Z' };
const CANCELLED_WINDOW = { startsAt: '2030-12-05T01:00:00.000Z', endsAt: '2030-12-05T02:00:00.000Z' };

const running: PublicMaintenance = {
  id: 'mnt-run',
  title: 'Core router upgrade',
  message: 'Short interruptions.',
  state: 'in_progress',
  components: ['internet', 'tv'],
  regions: [],
  ...RUNNING_WINDOW,
  createdAt: '2030-11-28T08:00:00.000Z',
  updatedAt: '2030-12-02T13:00:00.000Z',
  startedAt: '2030-12-02T13:00:00.000Z',
  completedAt: null,
  cancelledAt: null,
  timeline: [
    entryOf('e1', 'scheduled', 'Short interruptions.', '2030-11-28T08:00:00.000Z', RUNNING_WINDOW),
    entryOf('e2', 'started', 'The works have begun.', '2030-12-02T13:00:00.000Z', RUNNING_WINDOW),
  ],
};

const cancelled: PublicMaintenance = {
  id: 'mnt-off',
  title: HOSTILE_TITLE,
  message: 'Channels off for an hour.',
  state: 'cancelled',
  components: ['tv'],
  regions: ['south'],
  ...CANCELLED_WINDOW,
  createdAt: '2030-11-29T08:00:00.000Z',
  updatedAt: '2030-12-01T12:00:00.000Z',
  startedAt: null,
  completedAt: null,
  cancelledAt: '2030-12-01T12:00:00.000Z',
  timeline: [
    entryOf('e3', 'scheduled', 'Channels off for an hour.', '2030-11-29T08:00:00.000Z', CANCELLED_WINDOW),
    entryOf('e4', 'cancelled', 'Not needed after all.', '2030-12-01T12:00:00.000Z', CANCELLED_WINDOW),
  ],
};

const NOW = new Date('2030-12-02T15:00:00.000Z');
const snapshot: Snapshot = {
  since: '2030-11-03',
  incidents: [openIncident, resolvedIncident],
  maintenance: [cancelled, running],
};

const feedsOf = (snap: Snapshot) => statusFeeds(statusModel(structuredClone(snap), CONFIG.components, 'UTC', 30, NOW), CONFIG);

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** An element's text as the XML says it (no HTML entity decoding, unlike feed-parser's values); names in lower case. */
const text = (element: any, name: string): string | undefined => element.findElementWithName(name)?.textContent;

/** What a browser shows of an HTML fragment: the text nodes, entities decoded (enough for the few entities escaping makes). */
const shownText = (html: string) =>
  html
    .replace(/<br>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('statusFeeds', () => {
  const feeds = feedsOf(snapshot);

  it('serves an Atom and an RSS feed for the page and for each listed component', () => {
    expect(Object.keys(feeds).sort()).toEqual(
      ['/history', '/components/internet/history', '/components/tv/history'].flatMap((path) => [`${path}.atom`, `${path}.rss`]).sort(),
    );
    for (const [path, feed] of Object.entries(feeds)) {
      expect(feed.type).toBe(path.endsWith('.atom') ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8');
    }
  });

  it('writes well-formed XML that parses as Atom 1.0 and RSS 2.0', () => {
    for (const [path, feed] of Object.entries(feeds)) {
      expect({ path, wellFormed: wellFormed(feed.body) }).toEqual({ path, wellFormed: true });
      const parsed = parseFeed(feed.body);
      expect(parsed.meta).toEqual(path.endsWith('.atom') ? { type: 'atom', version: '1.0' } : { type: 'rss', version: '2.0' });
    }
  });

  it('describes the page feed: title, id, links, updated', () => {
    const atom = parseFeed(feeds['/history.atom'].body);
    expect(atom.title).toBe('Example Telecom status');
    expect(text(atom.element, 'id')).toBe(`${PAGE}/`);
    expect(atom.url).toBe(`${PAGE}/`);
    expect(atom.self).toBe(`${PAGE}/history.atom`);
    expect(atom.updated?.toISOString()).toBe(openIncident.updatedAt);
    expect(atom.copyright).toBe('Example Telecom');
    expect(atom.authors).toEqual([{ name: 'Example Telecom', email: 'help@example.test', url: null }]);

    const rss = parseFeed(feeds['/history.rss'].body);
    // feed-parser's element of an RSS feed is its channel.
    const channel = rss.element;
    expect([channel.name, channel.parent?.name]).toEqual(['channel', 'rss']);
    expect(text(channel, 'title')).toBe('Example Telecom status');
    expect(text(channel, 'link')).toBe(`${PAGE}/`);
    expect(text(channel, 'description')).toContain('help@example.test');
    expect(rss.self).toBe(`${PAGE}/history.rss`);
    expect(rss.language).toBe('en');
    expect(text(channel, 'lastbuilddate')).toMatch(RFC822);
    expect(rss.updated?.toISOString()).toBe(openIncident.updatedAt);
  });

  it('has one entry per incident and window, newest change first, with stable ids, links and valid dates', () => {
    const expected = [
      { id: `${PAGE}/incidents/inc-open`, title: 'Internet down in the north', updated: openIncident.updatedAt, published: openIncident.declaredAt },
      { id: `${PAGE}/maintenance/mnt-run`, title: 'Maintenance: Core router upgrade', updated: running.updatedAt, published: running.createdAt },
      { id: `${PAGE}/maintenance/mnt-off`, title: `Maintenance: ${HOSTILE_TITLE}`, updated: cancelled.updatedAt, published: cancelled.createdAt },
      { id: `${PAGE}/incidents/inc-old`, title: 'TV guide slow', updated: resolvedIncident.updatedAt, published: resolvedIncident.declaredAt },
    ];
    const atom = parseFeed(feeds['/history.atom'].body);
    expect(atom.items.map((i) => ({ id: i.id, title: i.title, updated: i.updated?.toISOString(), published: i.published?.toISOString() }))).toEqual(expected);
    expect(atom.items.map((i) => i.url)).toEqual(expected.map((e) => e.id));
    for (const item of atom.items) {
      expect(text(item.element, 'updated')).toMatch(RFC3339);
      expect(text(item.element, 'published')).toMatch(RFC3339);
      expect(item.element.findElementWithName('title')!.getAttribute('type')).toBe('html');
    }

    const rss = parseFeed(feeds['/history.rss'].body);
    expect(rss.items.map((i) => ({ id: i.id, url: i.url, title: i.title }))).toEqual(expected.map((e) => ({ id: e.id, url: e.id, title: e.title })));
    for (const [n, item] of rss.items.entries()) {
      expect(text(item.element, 'guid')).toBe(expected[n].id);
      expect(text(item.element, 'pubdate')).toMatch(RFC822);
      // RSS has one date per item: the library writes the publication (declared / created).
      expect(item.published?.toISOString()).toBe(expected[n].published);
    }
  });

  it('writes each timeline newest first with its status and UTC time, and a window with its times and state', () => {
    const [incident, works, off] = parseFeed(feeds['/history.atom'].body).items.map((i) => shownText(text(i.element, 'content')!));
    expect(incident).toContain('Cause identified, being fixed - Dec 2, 14:30 UTC');
    expect(incident.indexOf('Cause identified, being fixed - Dec 2, 14:30 UTC')).toBeLessThan(incident.indexOf('Investigating - Dec 2, 14:00 UTC\nWe are looking into it.'));
    expect(incident).toContain('Affected: Internet (north)');
    expect(works).toContain('Scheduled for Dec 2, 13:00 UTC until Dec 2, 16:00 UTC');
    expect(works).toContain('Status: Under way');
    expect(works.indexOf('Under way - Dec 2, 13:00 UTC\nThe works have begun.')).toBeLessThan(works.indexOf('Planned - Nov 28, 08:00 UTC'));
    expect(off).toContain('Status: Cancelled');
    expect(off).toContain('Cancelled - Dec 1, 12:00 UTC\nNot needed after all.');
  });

  it('shows text written by ops as text, never as markup, in both formats', () => {
    for (const [path, contentElement] of [
      ['/history.atom', 'content'],
      ['/history.rss', 'encoded'],
    ]) {
      const [incident, , off] = parseFeed(feeds[path].body).items;
      const html = text(incident.element, contentElement)!;
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quotes"');
      expect(html).not.toMatch(/<script/i);
      expect(shownText(html)).toContain(`Cause identified, being fixed - Dec 2, 14:30 UTC\n${HOSTILE}`);
      // The title is HTML too (Atom: type="html"): its markup is escaped, and the CDATA survives the `]]>`.
      const title = text(off.element, 'title')!;
      expect(title).toBe('Maintenance: TV &amp; &lt;b&gt;head-end&lt;/b&gt; ]]&gt; work ]]&gt; tonight');
      expect(shownText(title)).toBe(`Maintenance: ${HOSTILE_TITLE}`);
    }
    expect(Object.values(feeds).some((f) => /<script|<b>/.test(f.body))).toBe(false);
  });

  it('gives each component the items naming it, under its own title and id', () => {
    for (const [tag, name, ids] of [
      ['internet', 'Internet', ['incidents/inc-open', 'maintenance/mnt-run']],
      ['tv', 'TV', ['maintenance/mnt-run', 'maintenance/mnt-off', 'incidents/inc-old']],
    ] as const) {
      const atom = parseFeed(feeds[`/components/${tag}/history.atom`].body);
      expect(atom.title).toBe(`Example Telecom status: ${name}`);
      expect(text(atom.element, 'id')).toBe(`${PAGE}/components/${tag}/history.atom`);
      expect(atom.url).toBe(`${PAGE}/`);
      expect(atom.self).toBe(`${PAGE}/components/${tag}/history.atom`);
      expect(atom.items.map((i) => i.id)).toEqual(ids.map((id) => `${PAGE}/${id}`));
      expect(atom.updated?.toISOString()).toBe(atom.items[0].updated?.toISOString());

      const rss = parseFeed(feeds[`/components/${tag}/history.rss`].body);
      expect(rss.title).toBe(`Example Telecom status: ${name}`);
      expect(rss.self).toBe(`${PAGE}/components/${tag}/history.rss`);
      expect(rss.items.map((i) => text(i.element, 'guid'))).toEqual(ids.map((id) => `${PAGE}/${id}`));
    }
    expect(parseFeed(feeds['/components/tv/history.atom'].body).updated?.toISOString()).toBe(running.updatedAt);
  });

  it('is the same for the same snapshot, and an update moves an item up without changing its id', () => {
    expect(feedsOf(snapshot)).toEqual(feeds);

    const later: PublicIncident = {
      ...resolvedIncident,
      updatedAt: '2030-12-02T14:45:00.000Z',
      timeline: [
        ...resolvedIncident.timeline,
        { id: 'u5', sequence: 1, status: 'resolved', message: 'The cause was a faulty card.', eta: null, nextUpdateBy: null, createdAt: '2030-12-02T14:45:00.000Z' },
      ],
    };
    const atom = parseFeed(feedsOf({ ...snapshot, incidents: [openIncident, later] })['/history.atom'].body);
    expect(atom.items.map((i) => i.id)).toEqual([
      `${PAGE}/incidents/inc-old`,
      `${PAGE}/incidents/inc-open`,
      `${PAGE}/maintenance/mnt-run`,
      `${PAGE}/maintenance/mnt-off`,
    ]);
    expect(atom.items[0].updated?.toISOString()).toBe(later.updatedAt);
    expect(atom.items[0].published?.toISOString()).toBe(resolvedIncident.declaredAt);
    expect(atom.updated?.toISOString()).toBe(later.updatedAt);
  });

  it('lists upcoming windows too, a move saying where the window went', () => {
    const moved = { startsAt: '2030-12-10T01:00:00.000Z', endsAt: '2030-12-10T03:00:00.000Z' };
    const upcoming: PublicMaintenance = {
      ...running,
      id: 'mnt-next',
      title: 'Phone exchange works',
      state: 'scheduled',
      ...moved,
      startedAt: null,
      updatedAt: '2030-12-02T14:50:00.000Z',
      timeline: [
        entryOf('e5', 'scheduled', 'Short interruptions.', '2030-11-28T08:00:00.000Z', RUNNING_WINDOW),
        entryOf('e6', 'rescheduled', 'Moved.', '2030-12-02T14:50:00.000Z', moved),
      ],
    };
    const [first] = parseFeed(feedsOf({ ...snapshot, maintenance: [upcoming, ...snapshot.maintenance] })['/history.atom'].body).items;
    expect([first.id, first.title]).toEqual([`${PAGE}/maintenance/mnt-next`, 'Maintenance: Phone exchange works']);
    const shown = shownText(text(first.element, 'content')!);
    expect(shown).toContain('Scheduled for Dec 10, 01:00 UTC until Dec 10, 03:00 UTC');
    expect(shown).toContain('Status: Planned');
    expect(shown).toContain('Moved - Dec 2, 14:50 UTC\nMoved.\nNow Dec 10, 01:00 UTC until Dec 10, 03:00 UTC');
  });

  it('keeps the 50 latest items', () => {
    const many = Array.from({ length: 60 }, (_, n): PublicIncident => {
      const at = new Date(Date.parse('2030-11-10T00:00:00.000Z') + n * 3_600_000).toISOString();
      return { ...resolvedIncident, id: `inc-${n}`, declaredAt: at, updatedAt: at, resolvedAt: at, timeline: [] };
    });
    const rss = parseFeed(feedsOf({ ...snapshot, incidents: many, maintenance: [] })['/history.rss'].body);
    expect(rss.items).toHaveLength(50);
    expect(rss.items[0].id).toBe(`${PAGE}/incidents/inc-59`);
    expect(rss.items[49].id).toBe(`${PAGE}/incidents/inc-10`);
  });

  it('gives a component with nothing to show an empty, valid feed dated by the page', () => {
    const quiet = feedsOf({ ...snapshot, incidents: [openIncident], maintenance: [] });
    const atom = parseFeed(quiet['/components/tv/history.atom'].body);
    expect(atom.items).toEqual([]);
    expect(atom.updated?.toISOString()).toBe(openIncident.updatedAt);
    expect(wellFormed(quiet['/components/tv/history.rss'].body)).toBe(true);
  });
});
