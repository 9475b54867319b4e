import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { StatusPageConfig } from '../config/env';
import { ComponentStatus, PublicIncident, PublicMaintenance, StatusModel } from '../model/status-model';
import { INCIDENT_STATUS_WORDS, inWords, MAINTENANCE_ENTRY_WORDS, MAINTENANCE_STATE_WORDS, SEVERITY_WORDS, STATUS_WORDS } from '../model/words';

/** The pages of the subscription flow (pages/subscribe/*.hbs). */
export const SUBSCRIBE_PAGES = ['form', 'sent', 'code', 'confirm', 'done', 'problem'] as const;
export type SubscribePage = (typeof SUBSCRIBE_PAGES)[number];


/** "internet and tv in berlin", or everywhere when no region is named. */
export function affectedWords(item: { components: string[]; regions: string[] }, names: Map<string, string>): string {
  const components = inWords(item.components.map((c) => names.get(c) ?? c));
  return item.regions.length > 0 ? `${components} in ${inWords(item.regions)}` : components;
}

/** Readable luminance: white text on a dark brand colour, black on a light one. */
export function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? '#ffffff' : '#000000';
}

/** The templates' directory: beside this file in the sources, copied beside the bundle by the build (nest-cli assets). */
function templatesDir(): string {
  return __dirname.endsWith('pages') ? __dirname : join(__dirname, 'pages');
}

/**
 * The status page's HTML: the page itself, one page per incident and per maintenance window, and the 404 page. Times
 * are written in the page's zone with the zone named (readable without JavaScript) inside `<time datetime>`, which
 * status.js rewrites into each reader's own zone.
 */
export class PageRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly templates = new Map<string, Handlebars.TemplateDelegate>();
  private readonly names: Map<string, string>;

  constructor(
    private readonly config: StatusPageConfig,
    private readonly assetVersion: string,
  ) {
    this.names = new Map(config.components.map((c) => [c.tag, c.name]));
    const dir = templatesDir();
    for (const file of readdirSync(join(dir, 'partials'))) {
      this.handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(join(dir, 'partials', file), 'utf8'));
    }
    for (const name of ['layout', 'index', 'incident', 'maintenance', 'not-found', ...SUBSCRIBE_PAGES.map((p) => `subscribe/${p}`)]) {
      this.templates.set(name, this.handlebars.compile(readFileSync(join(dir, `${name}.hbs`), 'utf8'), { strict: false }));
    }
    this.handlebars.registerHelper('time', (iso: unknown) => this.time(iso));
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  }

  /** One page of the subscription flow (rendered per request, never cached: it holds what she typed). */
  subscribePage(name: SubscribePage, title: string, data: Record<string, unknown>): string {
    return this.layout(`${title} · ${this.config.brand} status`, this.templates.get(`subscribe/${name}`)!(data), { description: title });
  }

  /** `<time datetime="…">Dec 2, 2026, 14:30 UTC</time>`, escaped (it is put in with triple braces). */
  time(iso: unknown): string {
    if (typeof iso !== 'string' && !(iso instanceof Date)) return '';
    const at = DateTime.fromISO(iso instanceof Date ? iso.toISOString() : iso, { zone: 'utc' });
    if (!at.isValid) return '';
    const text = at.setZone(this.config.timeZone).setLocale('en-GB').toFormat('d LLL yyyy, HH:mm ZZZZ');
    return `<time datetime="${Handlebars.escapeExpression(at.toISO()!)}">${Handlebars.escapeExpression(text)}</time>`;
  }

  /** Every page of one status: path → HTML. */
  render(model: StatusModel, staleSince: Date | null): { pages: Map<string, string>; notFound: string } {
    const pages = new Map<string, string>();
    // The overall state in the page's description; `updatedAt` lets status.js tell when there is news.
    const state = { indicator: model.indicator, description: model.description, updatedAt: model.updatedAt, staleSince };
    const layout = (title: string, body: string) => this.layout(title, body, state);
    pages.set('/', layout(`${this.config.brand} status`, this.templates.get('index')!(this.indexData(model))));
    for (const incident of [...model.openIncidents, ...model.resolvedIncidents]) {
      const view = this.incidentView(incident);
      pages.set(`/incidents/${incident.id}`, layout(`${incident.title} · ${this.config.brand} status`, this.templates.get('incident')!({ incident: view })));
    }
    for (const window of [...model.maintenanceUnderWay, ...model.maintenanceUpcoming, ...model.maintenancePast]) {
      const view = this.maintenanceView(window);
      pages.set(`/maintenance/${window.id}`, layout(`${window.title} · ${this.config.brand} status`, this.templates.get('maintenance')!({ maintenance: view })));
    }
    return { pages, notFound: layout(`Page not found · ${this.config.brand} status`, this.templates.get('not-found')!({})) };
  }

  /**
   * A page in the layout: brand, contact, assets, and the status it belongs to (a subscription page has none: no
   * overall state, and no news to look for).
   */
  private layout(title: string, body: string, state: { indicator?: string; description: string; updatedAt?: string; staleSince?: Date | null }): string {
    return this.templates.get('layout')!({
      brand: this.config.brand,
      contact: this.config.contact,
      logoUrl: this.config.logoFile ? '/assets/logo' : null,
      zoneName: this.config.timeZone === 'UTC' ? 'UTC' : `${this.config.timeZone} time`,
      assetVersion: this.assetVersion,
      indicator: state.indicator ?? 'none',
      description: state.description,
      updatedAt: state.updatedAt ?? '',
      staleSince: state.staleSince?.toISOString() ?? null,
      title,
      body,
    });
  }

  private indexData(model: StatusModel) {
    const first = model.days[0];
    return {
      indicator: model.indicator,
      description: model.description,
      generatedAt: model.generatedAt,
      historyDays: model.days.length,
      firstDay: first ? `${model.days.length} days ago` : '',
      openIncidents: model.openIncidents.map((i) => this.incidentView(i)),
      maintenanceUnderWay: model.maintenanceUnderWay.map((m) => this.maintenanceView(m)),
      maintenanceUpcoming: model.maintenanceUpcoming.map((m) => this.maintenanceView(m)),
      components: model.components.map((c) => {
        const troubled = c.history.filter((d) => d.worst !== 'operational');
        const summary =
          troubled.length === 0
            ? `${c.name}: no incidents or maintenance in the last ${c.history.length} days.`
            : `${c.name}: ${troubled.length} of the last ${c.history.length} days with incidents or maintenance; the worst: ${STATUS_WORDS[worstOf(troubled.map((d) => d.worst))].toLowerCase()}.`;
        return {
          ...c,
          statusWords: STATUS_WORDS[c.status],
          regionsText: inWords(c.regions),
          historySummary: summary,
          historyShort: troubled.length === 0 ? 'No incidents' : `${troubled.length} day${troubled.length === 1 ? '' : 's'} with incidents or maintenance`,
          history: c.history.map((d) => ({ ...d, label: `${d.date}: ${d.worst === 'operational' ? 'no incident' : STATUS_WORDS[d.worst].toLowerCase()}` })),
        };
      }),
      past: [
        ...model.resolvedIncidents.map((i) => ({ href: `/incidents/${i.id}`, title: i.title, at: i.resolvedAt!, kindWords: `Resolved ${SEVERITY_WORDS[i.severity].toLowerCase()} incident`, affected: affectedWords(i, this.names) })),
        ...model.maintenancePast.map((m) => ({ href: `/maintenance/${m.id}`, title: m.title, at: m.completedAt ?? m.cancelledAt ?? m.endsAt, kindWords: m.state === 'cancelled' ? 'Cancelled maintenance' : 'Completed maintenance', affected: affectedWords(m, this.names) })),
      ].sort((a, b) => b.at.localeCompare(a.at)),
    };
  }

  private incidentView(incident: PublicIncident) {
    const latest = incident.timeline[incident.timeline.length - 1];
    return {
      ...incident,
      affected: affectedWords(incident, this.names),
      statusWords: INCIDENT_STATUS_WORDS[incident.status],
      severityWords: `${SEVERITY_WORDS[incident.severity]} incident`,
      stateWords: incident.resolvedAt ? 'Resolved' : INCIDENT_STATUS_WORDS[incident.status],
      eta: incident.resolvedAt ? null : latest?.eta ?? null,
      nextUpdateBy: incident.resolvedAt ? null : latest?.nextUpdateBy ?? null,
      updates: [...incident.timeline].reverse().map((u) => ({ ...u, statusWords: INCIDENT_STATUS_WORDS[u.status] })),
    };
  }

  private maintenanceView(window: PublicMaintenance) {
    return {
      ...window,
      affected: affectedWords(window, this.names),
      stateWords: MAINTENANCE_STATE_WORDS[window.state],
      updates: [...window.timeline].reverse().map((e) => ({ ...e, kindWords: MAINTENANCE_ENTRY_WORDS[e.kind] ?? e.kind })),
    };
  }
}

const ORDER: ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];
function worstOf(statuses: ComponentStatus[]): ComponentStatus {
  return statuses.reduce((worst, s) => (ORDER.indexOf(s) > ORDER.indexOf(worst) ? s : worst), 'operational' as ComponentStatus);
}
