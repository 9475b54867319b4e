import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { CHANNELS } from '@prespond/contracts';
import { Clock, FieldError, linkExpiry, LinkPurpose, signLink, verifyLink } from '@prespond/platform';
import { SUBSCRIBER_CONFIG, SubscriberServiceConfig } from '../config/env';
import { PlansRepository } from '../plans/plans.repository';
import { UpdateSubscriberDto } from '../subscribers/dto/subscriber.dto';
import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { SubscribersRepository } from '../subscribers/subscribers.repository';
import { SubscribersService } from '../subscribers/subscribers.service';
import { formOf, friendly, PAGE_WORDING, PreferenceForm, preferenceChange } from './preference-form';
import { PreferencesView } from './preference-pages';
import { ConsentRecordEntity } from '../consent/consent-record.entity';
import { ConsentRecordsRepository } from '../consent/consent-records.repository';

/**
 * Whether her texts are stopped by STOP (or the carrier's 21610): her latest SMS consent record from her phone or the
 * provider, oldest first in `records`, withdrew it. A page or API opt-in since does not lift that: only START does.
 */
export function textsStoppedByKeyword(records: Pick<ConsentRecordEntity, 'purpose' | 'source' | 'granted'>[]): boolean {
  const fromHerPhone = records.filter((r) => r.purpose === 'sms' && (r.source === 'keyword' || r.source === 'provider-error'));
  return fromHerPhone.length > 0 && !fromHerPhone[fromHerPhone.length - 1].granted;
}

/** What a link opened: her, or why not (`tampered`: 403, `expired`: 410). */
export type Opened = { status: 'ok'; subscriber: SubscriberEntity; purpose: LinkPurpose; expired: boolean } | { status: 'tampered' | 'expired' };

/** Where a consent change from these pages came from, and the words she saw (kept in consent_record). */
export interface ConsentOrigin {
  source: 'page' | 'one-click';
  wording: string;
}

/** The wording kept with a one-click (RFC 8058) unsubscribe: she saw no page, only her mail client's button. */
export const ONE_CLICK_WORDING = 'One-click unsubscribe from her mail client (List-Unsubscribe-Post: List-Unsubscribe=One-Click)';

/** The origins of the changes these pages make. */
export const PAGE_ORIGIN = {
  save: { source: 'page', wording: `Preference page. "${PAGE_WORDING.channels}" "${PAGE_WORDING.marketing}"` },
  unsubscribeAll: { source: 'page', wording: `Preference page: "${PAGE_WORDING.unsubscribeAll}"` },
  confirmMarketing: { source: 'page', wording: 'Unsubscribe page: "Unsubscribe from offers and news"' },
  confirmAll: { source: 'page', wording: `Unsubscribe page: "${PAGE_WORDING.unsubscribeAll}"` },
  oneClick: { source: 'one-click', wording: ONE_CLICK_WORDING },
} satisfies Record<string, ConsentOrigin>;

/**
 * Her preference page and unsubscribe links: the signed link is the only credential (no login, no cookie). Every
 * change goes through SubscribersService.update, the API's own path: validated the same way, consent records with
 * source `page` or `one-click`, `subscriber.changed` in the same transaction, so the very next message sees it.
 */
@Injectable()
export class PreferencesService {
  constructor(
    private readonly subscribers: SubscribersRepository,
    private readonly service: SubscribersService,
    private readonly plans: PlansRepository,
    private readonly consents: ConsentRecordsRepository,
    private readonly clock: Clock,
    @Inject(SUBSCRIBER_CONFIG) private readonly config: SubscriberServiceConfig,
  ) {}

  /**
   * The subscriber a link is for, if it is ours, for one of `purposes`, and in date. An unsubscribe link (`acceptExpired`)
   * works past its date: it only ever stops messages, and mail clients offer the header of old emails too.
   */
  async open(token: string, purposes: LinkPurpose[], acceptExpired = false): Promise<Opened> {
    const verified = verifyLink(this.config.preferences.linkSecret, token, this.clock.now());
    if (verified.status === 'tampered' || !purposes.includes(verified.link.purpose)) return { status: 'tampered' };
    if (verified.status === 'expired' && !acceptExpired) return { status: 'expired' };
    const subscriber = await this.subscribers.findById(verified.link.subscriberId);
    // A link of an erased customer opens nothing, and says no more than a link we never made.
    return subscriber && !subscriber.erasedAt ? { status: 'ok', subscriber, purpose: verified.link.purpose, expired: verified.status === 'expired' } : { status: 'tampered' };
  }

  /** A fresh link of hers, from now. */
  link(subscriberId: string, purpose: LinkPurpose): string {
    const { url, linkSecret, linkTtlDays } = this.config.preferences;
    const token = signLink(linkSecret, { subscriberId, purpose, expiresAt: linkExpiry(this.clock.now(), linkTtlDays) });
    return `${url}/${purpose === 'prefs' ? 'preferences' : 'unsubscribe'}/${token}`;
  }

  /** Where the unsubscribe page's button posts (the one-click URL itself). */
  unsubscribeAction(token: string): string {
    return `${this.config.preferences.url}/unsubscribe/${token}`;
  }

  /** Where the "send me a fresh link" form posts. */
  requestLinkAction(): string {
    return `${this.config.preferences.url}/preferences/link`;
  }

  /** What her page shows: her settings (or what she just typed, with its errors), and her plans. */
  async view(token: string, subscriber: SubscriberEntity, form?: PreferenceForm, errors: FieldError[] = [], saved?: string): Promise<PreferencesView> {
    const [plans, consents] = await Promise.all([this.plans.ofSubscriber(subscriber.id), this.consents.forSubscriber(subscriber.id)]);
    const base = `${this.config.preferences.url}/preferences/${token}`;
    return {
      action: base,
      unsubscribeAllAction: `${base}/unsubscribe-all`,
      name: subscriber.name,
      values: form ?? formOf(subscriber),
      errors,
      saved,
      textsStopped: textsStoppedByKeyword(consents),
      plans: plans.map((p) => ({
        name: p.name,
        renewalDate: DateTime.fromISO(p.renewalDate).setLocale(subscriber.locale).toLocaleString(DateTime.DATE_HUGE),
        state: p.state === 'active' ? 'Active' : p.state === 'renewed' ? 'Renewed' : 'Cancelled',
      })),
    };
  }

  /** Applies the form, or answers the errors per field (nothing saved). */
  async save(subscriber: SubscriberEntity, form: PreferenceForm): Promise<{ errors: FieldError[]; subscriber?: SubscriberEntity }> {
    const { dto, errors } = await preferenceChange(form);
    if (errors.length > 0) return { errors };
    const outcome = await this.update(subscriber.id, dto, PAGE_ORIGIN.save);
    return outcome.errors.length > 0 ? outcome : { errors: [], subscriber: (await this.subscribers.findById(subscriber.id))! };
  }

  /** Every channel opted out and marketing consent withdrawn (idempotent: a second time records nothing). */
  async unsubscribeAll(subscriber: SubscriberEntity, origin: ConsentOrigin): Promise<void> {
    if (!subscriber.marketingConsent && CHANNELS.every((c) => subscriber.optedOutChannels.includes(c))) return;
    await this.update(subscriber.id, Object.assign(new UpdateSubscriberDto(), { optedOutChannels: [...CHANNELS], marketingConsent: false }), origin);
  }

  /** Marketing consent withdrawn (idempotent). */
  async unsubscribeMarketing(subscriber: SubscriberEntity, origin: ConsentOrigin): Promise<void> {
    if (!subscriber.marketingConsent) return;
    await this.update(subscriber.id, Object.assign(new UpdateSubscriberDto(), { marketingConsent: false }), origin);
  }

  private async update(id: string, dto: UpdateSubscriberDto, origin: ConsentOrigin): Promise<{ errors: FieldError[] }> {
    try {
      await this.service.update(id, Object.assign(dto, { consentSource: origin.source, consentWording: origin.wording }));
      return { errors: [] };
    } catch (error) {
      // The API's own checks (an address for each channel, quiet hours whole): the same words, per field.
      if (error instanceof BadRequestException) return { errors: friendly((error.getResponse() as { errors?: FieldError[] }).errors ?? [], 'theirs') };
      throw error;
    }
  }
}
