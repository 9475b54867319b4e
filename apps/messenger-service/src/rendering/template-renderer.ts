import { Inject, Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { Channel, MessageKind, MessageRequestedEvent, NotificationRequestedEvent } from '@prespond/contracts';
import { PermanentFailure } from '@prespond/kafka';
import { MESSENGER_CONFIG, MessengerServiceConfig } from '../config/env';
import { humanList, localClockTime, localDate, localSpan, localTime, STATUS_WORDS } from './format';
import { listHeaders, messageLinks, textFromHtml } from './message-links';
import { MESSAGE_TEMPLATES, NAMED_TEMPLATES, NamedTemplate, NamedTemplateProps } from './template-registry';

/** The template files, per channel. Each takes IncidentTemplateProps. */
export const TEMPLATE_FILES = {
  sms: { text: 'sms/incident.hbs' },
  email: { subject: 'email/incident.subject.hbs', text: 'email/incident.text.hbs', html: 'email/incident.html.hbs' },
} as const;

/** What the incident templates may use. */
export interface IncidentTemplateProps {
  brand: string;
  name: string;
  locale: string;
  title: string;
  /** Her components (and regions) that the incident touches, e.g. "internet in berlin". */
  affected: string;
  message: string;
  statusWords: string;
  eta: string | null;
  nextUpdate: string | null;
  declared: boolean;
  resolved: boolean;
  /** Several updates combined into one message (a digest): `earlier` lists those before the latest. */
  digest: boolean;
  earlier: { at: string; statusWords: string; message: string }[];
  /** When the latest update was posted, in her zone (digests show it). */
  at: string;
}

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
}

/** A message as it is handed to the provider: with her links and footer, and (email) its list headers. */
export interface FinishedMessage extends RenderedMessage {
  headers?: Record<string, string>;
}

/** What the footer of a message depends on. */
export interface FooterContext {
  channel: Channel;
  /** Null only for an answer to a number that is nobody's (see OutgoingMessage). */
  subscriberId: string | null;
  kind: MessageKind;
  locale: string;
  /** An answer to a text she just sent (a keyword confirmation): an SMS of that kind gets no footer. */
  reply: boolean;
}

/**
 * What every template (and every campaign source) gets for `{{preferencesUrl}}`: her signed link is only known when
 * the message is sent (it expires counting from then), so `finish` puts it in place of this.
 */
export const PREFERENCES_URL_PLACEHOLDER = '__PRESPOND_PREFERENCES_URL__';

/** The footer templates, per channel, under `templates/<locale>/`. */
const FOOTER_FILES = { sms: 'footer/sms.hbs', emailText: 'footer/email.text.hbs', emailHtml: 'footer/email.html.hbs' } as const;

const DEFAULT_LOCALE = 'en';

/** Where the templates are: beside the sources when run from src, beside the bundle when built. */
function defaultTemplatesDir(): string {
  const candidates = [join(__dirname, '../templates'), join(__dirname, 'templates')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

/**
 * Renders notification templates kept as files under `templates/<locale>/<channel>/`. A locale without its own
 * files falls back to its language, then to English. Each file is compiled once, by a Handlebars instance of its
 * own (so helpers never leak between services).
 */
@Injectable()
export class TemplateRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  /** The compiled template for a language and file, once found (see `template`). */
  private readonly found = new Map<string, Handlebars.TemplateDelegate>();
  private readonly dir: string;

  constructor(@Inject(MESSENGER_CONFIG) private readonly config: MessengerServiceConfig) {
    this.dir = config.templatesDir ?? defaultTemplatesDir();
    // Dates in message props are ISO instants; these show them in the recipient's zone and language.
    type Root = { timeZone?: string; locale?: string };
    const inHerZone = (format: (iso: string, zone: string, locale: string) => string) =>
      function (this: unknown, iso: unknown, options: Handlebars.HelperOptions): string {
        const root = (options.data?.root ?? {}) as Root;
        return typeof iso === 'string' ? format(iso, root.timeZone ?? 'UTC', root.locale ?? DEFAULT_LOCALE) : '';
      };
    this.handlebars.registerHelper('localDate', inHerZone(localDate));
    this.handlebars.registerHelper('localTime', inHerZone(localTime));
    this.handlebars.registerHelper('localSpan', function (this: unknown, from: unknown, to: unknown, options: Handlebars.HelperOptions): string {
      const root = (options.data?.root ?? {}) as Root;
      return typeof from === 'string' && typeof to === 'string' ? localSpan(from, to, root.timeZone ?? 'UTC', root.locale ?? DEFAULT_LOCALE) : '';
    });
  }

  /** The props for one notification request: times in her zone and language, the incident in her terms. */
  props(request: NotificationRequestedEvent['data']): IncidentTemplateProps {
    const { recipient, incident, update, template } = request;
    const when = (iso: string | null) => (iso ? localTime(iso, recipient.timeZone, recipient.locale) : null);
    const components = recipient.affectedComponents.length > 0 ? recipient.affectedComponents : incident.components;
    const regions = recipient.affectedRegions;
    return {
      brand: this.config.brand,
      name: recipient.name,
      locale: recipient.locale,
      title: incident.title,
      affected: regions.length > 0 ? `${humanList(components)} in ${humanList(regions)}` : humanList(components),
      message: update.message,
      statusWords: STATUS_WORDS[update.status],
      eta: when(update.eta),
      nextUpdate: when(update.nextUpdateBy),
      declared: template === 'incident.declared',
      resolved: template === 'incident.resolved' || update.status === 'resolved',
      digest: template === 'incident.digest',
      earlier: (request.earlierUpdates ?? []).map((u) => ({
        at: localClockTime(u.createdAt, recipient.timeZone, recipient.locale),
        statusWords: STATUS_WORDS[u.status],
        message: u.message,
      })),
      at: localClockTime(update.createdAt, recipient.timeZone, recipient.locale),
    };
  }

  render(channel: keyof typeof TEMPLATE_FILES, locale: string, props: IncidentTemplateProps): RenderedMessage {
    return this.renderFiles(TEMPLATE_FILES[channel], locale, props);
  }

  /** Renders a template of the registry (see NAMED_TEMPLATES) with the props its name requires. */
  renderNamed<N extends NamedTemplate>(name: N, channel: Channel, locale: string, props: NamedTemplateProps[N]): RenderedMessage {
    // Some named templates exist for one channel only (keyword answers are texts).
    const files = (NAMED_TEMPLATES[name] as Partial<Record<Channel, Record<string, string>>>)[channel];
    if (!files) throw new Error(`template ${name} has no ${channel} version`);
    return this.renderFiles(files, locale, props);
  }

  /** A `message.requested`: the sources marketing wrote (campaigns), or its named template's files. */
  renderMessage(data: MessageRequestedEvent['data']): RenderedMessage {
    const { recipient } = data;
    const props = {
      ...data.props,
      brand: this.config.brand,
      name: recipient.name,
      locale: recipient.locale,
      timeZone: recipient.timeZone,
      preferencesUrl: PREFERENCES_URL_PLACEHOLDER,
    };
    if (data.content) {
      const out: Record<string, string> = {};
      for (const [part, source] of Object.entries(data.content)) if (source) out[part] = this.compileSource(source, part === 'html')(props).trim();
      return out as unknown as RenderedMessage;
    }
    const files = MESSAGE_TEMPLATES[data.template]?.[data.channel];
    if (!files) throw new PermanentFailure(`no message template ${data.template} for ${data.channel}`);
    return this.renderFiles(files, recipient.locale, props);
  }

  /**
   * The message as it goes out, whatever template or campaign source it came from (every send passes here, see
   * DeliveryService.send): her signed preference link in place of `{{preferencesUrl}}`; an email gets a text part
   * (derived from the html if it came without one), a visible "Manage your preferences / unsubscribe" footer in both
   * parts, and its list headers (one-click for marketing); an SMS ends with "Settings: <link> - Reply STOP to opt out"
   * (just the STOP line when the body already shows the link), except an answer to a text she sent.
   */
  finish(rendered: RenderedMessage, context: FooterContext, issuedAt: Date): FinishedMessage {
    // An answer to a keyword may go to a number that is nobody's: it has no footer, and no links to sign.
    if (context.channel === 'sms' && context.reply && !rendered.text.includes(PREFERENCES_URL_PLACEHOLDER)) return { text: rendered.text };
    if (!context.subscriberId) {
      // An answer to someone who is not a subscriber yet (the confirmation of a subscription she asked for): there is
      // nothing to manage or unsubscribe from, so no footer and no list headers; her preference link cannot be in it.
      if (!context.reply || [rendered.subject, rendered.text, rendered.html].some((part) => part?.includes(PREFERENCES_URL_PLACEHOLDER))) {
        throw new Error("only an answer without preference links can go to someone who is nobody's subscriber");
      }
      const text = rendered.text?.trim() ? rendered.text : textFromHtml(rendered.html ?? '');
      return { subject: rendered.subject, text, ...(rendered.html ? { html: rendered.html } : {}) };
    }
    const links = messageLinks(this.config.preferences, context.subscriberId, context.kind, issuedAt);
    const place = (s: string) => s.split(PREFERENCES_URL_PLACEHOLDER).join(links.preferencesUrl);
    const footerProps = { ...links, brand: this.config.brand, locale: context.locale };
    if (context.channel === 'sms') {
      if (context.reply) return { text: place(rendered.text) };
      const footer = this.template(context.locale, FOOTER_FILES.sms, false)({ ...footerProps, linkShown: rendered.text.includes(PREFERENCES_URL_PLACEHOLDER) }).trim();
      return { text: `${place(rendered.text)}\n${footer}` };
    }
    const text = rendered.text?.trim() ? rendered.text : textFromHtml(rendered.html ?? '');
    const textFooter = this.template(context.locale, FOOTER_FILES.emailText, false)(footerProps).trim();
    const finished: FinishedMessage = { subject: rendered.subject && place(rendered.subject), text: `${place(text)}\n\n${textFooter}`, headers: listHeaders(links) };
    if (rendered.html) {
      const htmlFooter = this.template(context.locale, FOOTER_FILES.emailHtml, true)(footerProps).trim();
      const html = place(rendered.html);
      // Inside the body when there is one, so the footer is part of the page, not after it.
      const end = html.toLowerCase().lastIndexOf('</body>');
      finished.html = end >= 0 ? `${html.slice(0, end)}${htmlFooter}\n${html.slice(end)}` : `${html}\n${htmlFooter}`;
    }
    return finished;
  }

  /**
   * A rendering for a preview (nothing is sent): `{{preferencesUrl}}` shows as a stand-in of a real link's length,
   * signed for nobody, so a preview never hands out a working link to her settings. The footer is not shown.
   */
  forPreview(rendered: RenderedMessage): RenderedMessage {
    const standIn = `${this.config.preferences?.url ?? ''}/preferences/${'PREVIEW'.padEnd(44, '-')}`;
    const place = (s: string | undefined) => s?.split(PREFERENCES_URL_PLACEHOLDER).join(standIn);
    return Object.fromEntries(Object.entries(rendered).map(([part, value]) => [part, place(value)])) as unknown as RenderedMessage;
  }

  private compileSource(source: string, html: boolean): Handlebars.TemplateDelegate {
    const key = `${html ? 'html' : 'text'}:${createHash('sha256').update(source).digest('hex')}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      try {
        compiled = this.handlebars.compile(source, { noEscape: !html, strict: false });
        compiled({}); // parse now: a broken source is the sender's mistake, not something a retry fixes
      } catch (error) {
        throw new PermanentFailure(`a message template does not compile: ${(error as Error).message}`);
      }
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private renderFiles(files: Record<string, string>, locale: string, props: object): RenderedMessage {
    const out: Record<string, string> = {};
    const withLink = { preferencesUrl: PREFERENCES_URL_PLACEHOLDER, ...props };
    for (const [part, file] of Object.entries(files)) out[part] = this.template(locale, file, part === 'html')(withLink).trim();
    return out as unknown as RenderedMessage;
  }

  private template(locale: string, file: string, html: boolean): Handlebars.TemplateDelegate {
    // Found once per language and file: no file system call per message (a template not found is looked for again,
    // so one deployed later is found).
    const found = this.found.get(`${locale} ${file}`);
    if (found) return found;
    const candidates = [locale, locale.split('-')[0], DEFAULT_LOCALE].map((l) => join(this.dir, l, file));
    const path = candidates.find((p) => existsSync(p));
    // Retrying cannot conjure a template: dead-letter now, replay once the template is deployed.
    if (!path) throw new PermanentFailure(`no template ${file} for locale ${locale} under ${this.dir}`);
    let compiled = this.compiled.get(path);
    if (!compiled) {
      compiled = this.handlebars.compile(readFileSync(path, 'utf8'), { noEscape: !html, strict: false });
      this.compiled.set(path, compiled);
    }
    this.found.set(`${locale} ${file}`, compiled);
    return compiled;
  }
}
