import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CADENCES, Cadence, Channel, CHANNELS } from '@prespond/contracts';
import { FieldError } from '@prespond/platform';
import { PAGE_WORDING, PreferenceForm } from './preference-form';

/** Where the page templates are: beside the sources when run from src, beside the bundle when built. */
function templatesDir(): string {
  const candidates = [join(__dirname, 'templates'), join(__dirname, 'preferences/templates')];
  return candidates.find((dir) => existsSync(join(dir, 'layout.hbs'))) ?? candidates[0];
}

const CHANNEL_LABELS: Record<Channel, string> = { sms: 'Text messages (SMS)', email: 'Email' };
const CADENCE_LABELS: Record<Cadence | '', string> = {
  '': 'As the problem needs: every update when it is serious, the key moments otherwise',
  'every-update': 'Every update',
  milestones: 'Key moments only: when it starts, when the cause is found, when it is fixed',
  digest: 'A summary at most every few hours (the first message and the fix at once)',
  'resolution-only': 'Only when it is fixed',
};

/** What the preference page shows. */
export interface PreferencesView {
  action: string;
  unsubscribeAllAction: string;
  name: string;
  values: PreferenceForm;
  errors: FieldError[];
  /** A sentence saying what was saved, after a save. */
  saved?: string;
  plans: { name: string; renewalDate: string; state: string }[];
  /**
   * Her texts are stopped at the carrier's rules (she texted STOP, or the carrier says she did): only a START from
   * her phone restarts them, whatever she ticks here, so the page says so.
   */
  textsStopped: boolean;
}

/**
 * The public pages behind signed links, server-rendered from the handlebars files in `templates/`: no script, one
 * column, big tap targets, every input labelled, errors listed at the top and at each field in words (never by
 * colour alone). A Handlebars instance of its own, so its helpers never leak.
 */
@Injectable()
export class PreferencePages {
  private readonly hbs = Handlebars.create();
  private readonly pages = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const dir = templatesDir();
    const read = (name: string) => readFileSync(join(dir, `${name}.hbs`), 'utf8');
    for (const partial of ['layout', 'input', 'request-link']) this.hbs.registerPartial(partial, read(partial));
    for (const page of ['preferences', 'refused', 'link-requested', 'unsubscribe-confirm', 'done']) this.pages.set(page, this.hbs.compile(read(page), { strict: false }));
    type Root = { fieldErrors?: Record<string, string>; values?: PreferenceForm };
    const root = (options: Handlebars.HelperOptions) => (options.data?.root ?? {}) as Root;
    this.hbs.registerHelper('errorOf', (field: string, options: Handlebars.HelperOptions) => root(options).fieldErrors?.[field] ?? '');
    this.hbs.registerHelper('valueOf', (field: string, options: Handlebars.HelperOptions) => {
      const value = root(options).values?.[field];
      return Array.isArray(value) ? value.join(', ') : value ?? '';
    });
    this.hbs.registerHelper('describedBy', (field: string, hint: unknown, options: Handlebars.HelperOptions) =>
      [hint ? `${field}-hint` : '', root(options).fieldErrors?.[field] ? `${field}-error` : ''].filter(Boolean).join(' '),
    );
  }

  preferences(view: PreferencesView, requestLinkAction: string): string {
    const v = view.values;
    const selected = Array.isArray(v.channels) ? v.channels : v.channels ? [v.channels] : [];
    const zones = timeZones();
    const zone = typeof v.timeZone === 'string' ? v.timeZone : '';
    if (zone && !zones.includes(zone)) zones.unshift(zone);
    return this.render('preferences', `Your preferences`, {
      ...view,
      requestLinkAction,
      fieldErrors: Object.fromEntries(view.errors.map((e) => [e.field, e.reason])),
      channelOptions: CHANNELS.map((c) => ({ id: `channels-${c}`, value: c, label: CHANNEL_LABELS[c], checked: selected.includes(c) })),
      cadenceOptions: (['', ...CADENCES] as const).map((c) => ({ id: `cadence-${c || 'default'}`, value: c, label: CADENCE_LABELS[c], checked: (v.cadence ?? '') === c })),
      timeZones: zones.map((z) => ({ value: z, selected: z === zone })),
      quietHoursOn: v.quietHours !== 'none',
      incidentsSend: v.quietHoursIncidents !== 'wait',
      marketingWording: PAGE_WORDING.marketing,
      unsubscribeAllWording: PAGE_WORDING.unsubscribeAll,
    });
  }

  /** A link we did not make (403) or one past its date (410), with the form that asks for a fresh one. */
  refused(reason: 'tampered' | 'expired' | 'request', requestLinkAction: string, contactError?: string, contact?: string): string {
    const words = {
      expired: { heading: 'This link has expired', explanation: 'For your safety, links to your preferences work for a limited time, and this one is past it.' },
      tampered: { heading: 'This link does not work', explanation: 'It is not a link we made, or it was changed or cut short on the way. Nothing was shown or changed.' },
      request: { heading: 'Get a fresh link to your preferences', explanation: 'Links to your preferences come in every message we send you.' },
    }[reason];
    return this.render('refused', words.heading, { ...words, requestLinkAction, contactError, contact });
  }

  /** The same answer whether or not we know the address (it reveals nothing). */
  linkRequested(): string {
    return this.render('link-requested', 'Check your messages', {});
  }

  /** What an unsubscribe link opens (a GET changes nothing: mail scanners fetch links). */
  unsubscribeConfirm(action: string, scope: 'marketing' | 'all'): string {
    const words =
      scope === 'all'
        ? { heading: 'Unsubscribe from everything?', explanation: PAGE_WORDING.unsubscribeAll, button: 'Unsubscribe from everything' }
        : { heading: 'Unsubscribe from offers and news?', explanation: 'You will get no more offers or news from us. Updates about problems with your services and reminders about your plans still reach you.', button: 'Unsubscribe from offers and news' };
    return this.render('unsubscribe-confirm', words.heading, { ...words, action });
  }

  /** After an unsubscribe (or the same one again). */
  unsubscribed(scope: 'marketing' | 'all', preferencesUrl: string | null): string {
    const words =
      scope === 'all'
        ? { heading: 'You are unsubscribed from everything', explanation: 'We will send you nothing more, on any channel. You can choose again on your preferences page.' }
        : { heading: 'You are unsubscribed from offers and news', explanation: 'We will send you no more offers or news. Updates about problems with your services still reach you.' };
    return this.render('done', words.heading, { ...words, preferencesUrl });
  }

  private render(page: string, title: string, view: object): string {
    return this.pages.get(page)!({ lang: 'en', title, ...view });
  }
}

/** IANA zone names, for the time-zone list. */
function timeZones(): string[] {
  return [...Intl.supportedValuesOf('timeZone')];
}
