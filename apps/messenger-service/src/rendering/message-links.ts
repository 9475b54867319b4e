import { MessageKind } from '@prespond/contracts';
import { linkExpiry, LinkPurpose, signLink } from '@prespond/platform';
import { PreferenceLinkSettings } from '../config/env';

/** Her signed links in one message: the preference page, and for marketing the one-click unsubscribe. */
export interface MessageLinks {
  preferencesUrl: string;
  /** `POST` (one-click, RFC 8058) or `GET` (a confirmation page) withdraws her marketing consent; marketing only. */
  unsubscribeUrl: string | null;
  /** The mailto of List-Unsubscribe (subject: "unsubscribe <token>"); marketing only. */
  unsubscribeMailto: string | null;
}

/** The links of a message to this subscriber, valid for the configured TTL from `issuedAt`. */
export function messageLinks(settings: PreferenceLinkSettings, subscriberId: string, kind: MessageKind, issuedAt: Date): MessageLinks {
  const expiresAt = linkExpiry(issuedAt, settings.linkTtlDays);
  const token = (purpose: LinkPurpose) => signLink(settings.linkSecret, { subscriberId, purpose, expiresAt });
  const preferencesUrl = `${settings.url}/preferences/${token('prefs')}`;
  if (kind !== 'marketing') return { preferencesUrl, unsubscribeUrl: null, unsubscribeMailto: null };
  const unsubscribe = token('unsub-marketing');
  return {
    preferencesUrl,
    unsubscribeUrl: `${settings.url}/unsubscribe/${unsubscribe}`,
    unsubscribeMailto: `mailto:${settings.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${unsubscribe}`)}`,
  };
}

/**
 * The list headers of an email. Marketing: RFC 2369 `List-Unsubscribe` with the https one-click URL and a mailto, and
 * RFC 8058 `List-Unsubscribe-Post`, so a mail client's "unsubscribe" button withdraws her marketing consent at once.
 * Service email (incident updates, reminders, follow-ups): `List-Unsubscribe` names only her preference page, with no
 * one-click: a client button must not silently stop the incident updates she relies on, so it opens the page where
 * she chooses what to stop.
 */
export function listHeaders(links: MessageLinks): Record<string, string> {
  if (!links.unsubscribeUrl || !links.unsubscribeMailto) return { 'List-Unsubscribe': `<${links.preferencesUrl}>` };
  return {
    'List-Unsubscribe': `<${links.unsubscribeUrl}>, <${links.unsubscribeMailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

/** A plain-text rendering of an HTML body, for an email that came without its text part. */
export function textFromHtml(html: string): string {
  return html
    .replace(/<(head|style|script|title)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/tr)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A logged message's text with her signed links blanked: they are credentials to her settings, and whoever reads the
 * message log (ops) may not change her profile. The provider got the real ones; the log keeps where they pointed.
 */
export function redactLinks(text: string): string;
export function redactLinks(text: string | null): string | null;
export function redactLinks(text: string | null): string | null {
  return text && text.replace(/\/(preferences|unsubscribe)\/[A-Za-z0-9_-]{20,}/g, '/$1/(signed link)');
}
