import { Injectable, Logger } from '@nestjs/common';
import { IncidentServiceComponents, MessengerServiceComponents } from '@prespond/contracts';
import { StaffAccount } from '../accounts/staff-account';
import { ServiceRefused, ServiceUnavailable } from '../services/service-error';
import { answer, ServicesClient } from '../services/services.client';
import { formatInstant, localInputValue } from '../views/time';
import { CHANNEL_LABELS, severityLabel } from './incident-views';
import { INCIDENTS_TEXT as T } from './incidents.text';
import { fill } from '../views/fill';

type DeclareIncident = IncidentServiceComponents['schemas']['DeclareIncidentDto'];
/** An incident as a message would describe it: a declaration, or a declared incident as an update or the resolution leaves it. */
export type ReviewedIncident = MessengerServiceComponents['schemas']['DraftIncidentDto'] & Pick<DeclareIncident, 'components'>;

/** The messages a review can preview. */
export const PREVIEW_TEMPLATES = ['incident.declared', 'incident.updated', 'incident.resolved'] as const;
export type PreviewTemplate = (typeof PREVIEW_TEMPLATES)[number];

/** "about 2 minutes", "12 seconds": how long a channel takes, in words. */
export function duration(seconds: number | null): string {
  if (seconds === null) return T.review.noRate;
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} second${Math.round(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `about ${Math.round(minutes / 6) / 10} hours`;
}

/**
 * What ops see before declaring: the reach (incident-service's estimate: messages per channel and the time at the
 * providers' rates), and the text and email one affected customer would get (messenger-service renders them for
 * her: her zone, her wording). Any part a service cannot give in time is left out with a note; declaring still works.
 */
@Injectable()
export class IncidentReview {
  private readonly logger = new Logger('IncidentReview');

  constructor(private readonly services: ServicesClient) {}

  /** The components and regions customers follow, most followed first (empty lists when the service is down). */
  async knownTags(person: StaffAccount): Promise<{ components: { name: string; subscribers: number }[]; regions: { name: string; subscribers: number }[] }> {
    try {
      return await answer('subscriber', this.services.for(person).subscriber.GET('/audience/tags'));
    } catch (error) {
      this.logger.warn(`known components and regions unavailable: ${(error as Error).message}`);
      return { components: [], regions: [] };
    }
  }

  /**
   * The review of a message about to go out: a declaration (`incident.declared`), or an update or the resolution of a
   * declared incident (`incident.updated`, `incident.resolved`, with `incident` the incident as it would then be).
   */
  async build(person: StaffAccount, incident: ReviewedIncident, zone: string, template: PreviewTemplate = 'incident.declared') {
    const api = this.services.for(person);
    const query = { components: incident.components, ...(incident.regions?.length ? { regions: incident.regions } : {}) };
    const [estimate, sample] = await Promise.all([
      optional(answer('incident', api.incident.GET('/incidents/estimate', { params: { query } }))),
      optional(answer('subscriber', api.subscriber.GET('/audience/sample', { params: { query: { ...query, limit: 10 } } }))),
    ]);
    // One affected customer, preferably one with both channels, so both previews show.
    const she = sample?.find((s) => s.channels.length === 2) ?? sample?.[0];
    const [sms, email] = she
      ? await Promise.all(
          (['sms', 'email'] as const).map((channel) =>
            she.channels.includes(channel) ? optional(answer('messenger', api.messenger.POST('/previews/incident', { body: { subscriberId: she.id, channel, template, incident } }))) : Promise.resolve(undefined),
          ),
        )
      : [undefined, undefined];
    const hidden = hiddenFields(incident, zone);
    return {
      incident,
      severityLabel: severityLabel(incident.severity),
      components: incident.components.join(', '),
      regions: incident.regions?.length ? incident.regions.join(', ') : T.board.everywhere,
      eta: formatInstant(incident.eta, zone),
      nextUpdate: formatInstant(incident.nextUpdateBy, zone),
      estimate: estimate
        ? (['sms', 'email'] as const).map((channel) => ({ channel, label: CHANNEL_LABELS[channel], count: estimate[channel].count.toLocaleString('en'), time: duration(estimate[channel].seconds) }))
        : undefined,
      estimateText: estimate?.text,
      nobody: Boolean(estimate && estimate.sms.count + estimate.email.count === 0),
      sample: she,
      previewHeading: she ? fill(T.review.preview, { name: she.name }) : '',
      smsPreview: sms?.text,
      emailPreview: email,
      emailFrameUrl: she && email ? `/incidents/new/email-preview?${new URLSearchParams([...hidden.map((h): [string, string] => [h.name, h.value]), ['subscriberId', she.id], ['timeZone', zone], ['template', template]])}` : undefined,
      hidden,
    };
  }

  /** The HTML of the email she would get for this declaration, update or resolution. */
  async emailHtml(person: StaffAccount, incident: ReviewedIncident, subscriberId: string, template: PreviewTemplate = 'incident.declared'): Promise<string | undefined> {
    const rendered = await optional(answer('messenger', this.services.for(person).messenger.POST('/previews/incident', { body: { subscriberId, channel: 'email', template, incident } })));
    return rendered?.html;
  }
}

/** The declaration as hidden fields of the review's form (times as the person typed them, in their zone). */
function hiddenFields(incident: ReviewedIncident, zone: string): { name: string; value: string }[] {
  const utc = (iso?: string | null) => localInputValue(iso, zone);
  return [
    { name: 'title', value: incident.title },
    { name: 'message', value: incident.message },
    { name: 'severity', value: incident.severity },
    { name: 'status', value: incident.status ?? 'investigating' },
    { name: 'componentsOther', value: incident.components.join(', ') },
    { name: 'regionsOther', value: (incident.regions ?? []).join(', ') },
    { name: 'eta', value: utc(incident.eta) },
    { name: 'nextUpdateBy', value: utc(incident.nextUpdateBy) },
  ];
}

/** A part of the review that may be missing: a service that is down or refuses leaves it out. */
async function optional<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ServiceUnavailable || error instanceof ServiceRefused) return undefined;
    throw error;
  }
}
