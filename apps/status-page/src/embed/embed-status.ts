import { StatusPageConfig } from '../config/env';
import { StatusModel } from '../model/status-model';

/** What the banner shows about one incident or running maintenance. */
export interface BannerItem {
  kind: 'incident' | 'maintenance';
  id: string;
  headline: string;
  title: string;
  severity: 'minor' | 'major' | 'critical' | null;
  /** Component tags, as the host page names them in `data-components`. */
  components: string[];
  regions: string[];
  url: string;
  /** A dismissal holds until this changes. */
  updatedAt: string;
}

/**
 * `/embed/status.json`: the small document the embeddable banner reads (any origin may): the open incidents (most
 * severe first) and the maintenance under way, with component tags rather than Statuspage's component ids.
 */
export function embedStatus(model: StatusModel, config: Pick<StatusPageConfig, 'publicUrl' | 'brand'>): { page: { name: string; url: string }; items: BannerItem[] } {
  const severityRank = { critical: 0, major: 1, minor: 2 } as const;
  const incidents = [...model.openIncidents].sort((a, b) => severityRank[a.severity] - severityRank[b.severity] || b.declaredAt.localeCompare(a.declaredAt));
  return {
    page: { name: config.brand, url: config.publicUrl },
    items: [
      ...incidents.map((i): BannerItem => ({
        kind: 'incident',
        id: i.id,
        headline: i.severity === 'critical' ? 'Major outage:' : i.severity === 'major' ? 'Service disruption:' : 'Minor disruption:',
        title: i.title,
        severity: i.severity,
        components: i.components,
        regions: i.regions,
        url: `${config.publicUrl}/incidents/${i.id}`,
        updatedAt: i.updatedAt,
      })),
      ...model.maintenanceUnderWay.map((m): BannerItem => ({
        kind: 'maintenance',
        id: m.id,
        headline: 'Maintenance under way:',
        title: m.title,
        severity: null,
        components: m.components,
        regions: m.regions,
        url: `${config.publicUrl}/maintenance/${m.id}`,
        updatedAt: m.updatedAt,
      })),
    ],
  };
}
