import { Channel } from '@prespond/contracts';

/**
 * Templates beyond the incident family, each tied to the props it needs: a name, its files per channel (under
 * `templates/<locale>/`), and its props type in NamedTemplateProps. Add a template by adding one entry to each.
 */
export const NAMED_TEMPLATES = {
  'follow-up.question': {
    sms: { text: 'sms/follow-up.question.hbs' },
    email: { subject: 'email/follow-up.question.subject.hbs', text: 'email/follow-up.question.text.hbs', html: 'email/follow-up.question.html.hbs' },
  },
  'follow-up.acknowledgement': {
    sms: { text: 'sms/follow-up.acknowledgement.hbs' },
    email: {
      subject: 'email/follow-up.acknowledgement.subject.hbs',
      text: 'email/follow-up.acknowledgement.text.hbs',
      html: 'email/follow-up.acknowledgement.html.hbs',
    },
  },
  /** Answers to SMS keywords (keywords/): texts only, sent once per inbound text. */
  'keyword.stop': { sms: { text: 'sms/keyword.stop.hbs' } },
  'keyword.start': { sms: { text: 'sms/keyword.start.hbs' } },
  'keyword.help': { sms: { text: 'sms/keyword.help.hbs' } },
} as const;

/** A template with a text and an email: `sms/<name>.hbs`, and `email/<name>.{subject,text,html}.hbs`. */
function bothChannels(name: string): Partial<Record<Channel, Record<string, string>>> {
  return {
    sms: { text: `sms/${name}.hbs` },
    email: { subject: `email/${name}.subject.hbs`, text: `email/${name}.text.hbs`, html: `email/${name}.html.hbs` },
  };
}

/**
 * Templates of `message.requested` (renewal reminders, welcome-back…): a name and its files per channel. Their props
 * come from the event (MessageRequestedV1 `props`) plus `brand`, `name`, `locale`, `timeZone` and `preferencesUrl` (her
 * signed preference link, put in when the message is sent); the helpers
 * `{{localDate iso}}`, `{{localTime iso}}` and `{{localSpan fromIso toIso}}` show a date, a moment or a span in her zone
 * and language. A message whose
 * template is not here is dead-lettered (replay it once the template is deployed).
 */
export const MESSAGE_TEMPLATES: Record<string, Partial<Record<Channel, Record<string, string>>>> = {
  /**
   * A plan renews soon (subscriber-service's RenewalRemindersService). Props: planId, planName, planType,
   * renewalDate (an instant at noon of that day in her zone, for `{{localDate}}`), daysLeft, tomorrow
   * (daysLeft is 1), offsetDays. It links to her preference page (`{{preferencesUrl}}`), which lists her plans.
   */
  'renewal.reminder': bothChannels('renewal.reminder'),
  /**
   * A fresh link to her preference page, which she asked for on the page (subscriber-service's PreferenceLinksService;
   * kind `service`, `reply`). No props beyond the usual: the link is `{{preferencesUrl}}`, which every template has.
   */
  'preferences.link': bothChannels('preferences.link'),
  /**
   * Scheduled maintenance (subscriber-service's MaintenanceFanoutService; kind `service`). Props: maintenanceId, title,
   * description (the work, as ops described it), message (what this change says), affected (her components and
   * regions in words), startsAt, endsAt, previousStartsAt, previousEndsAt, moved, offsetMinutes.
   */
  /** A notice ahead of scheduled maintenance (T-72 h, T-1 h…). */
  'maintenance.upcoming': bothChannels('maintenance.upcoming'),
  /** The window moved (`moved` true) or was extended; `previousStartsAt`/`previousEndsAt` are the old times. */
  'maintenance.rescheduled': bothChannels('maintenance.rescheduled'),
  /** The window began. */
  'maintenance.started': bothChannels('maintenance.started'),
  /** The window ended. */
  'maintenance.completed': bothChannels('maintenance.completed'),
  /** The window was called off. */
  'maintenance.cancelled': bothChannels('maintenance.cancelled'),
  /**
   * The one message before a subscription from the status page is confirmed (subscriber-service's
   * SelfSubscriptionsService; `reply`, to someone who is nobody's subscriber yet: no footer). Props: confirmUrl (email)
   * or code (sms), expiresAt, components.
   */
  'subscription.confirm': bothChannels('subscription.confirm'),
  /** A customer back after a long absence (props: `away` in words, `awayDays`, `fixed` or null, `awaySince`, `returnedAt`). */
  'welcome-back': bothChannels('welcome-back'),
};

/** What every follow-up template may use: her, and the resolved incident in her terms. */
export interface FollowUpTemplateProps {
  brand: string;
  name: string;
  locale: string;
  title: string;
  /** Her components (and regions) that the incident touched, e.g. "internet in berlin". */
  affected: string;
}

/** The question; email carries two signed one-click links (null for SMS, which is answered by reply). */
export interface FollowUpQuestionProps extends FollowUpTemplateProps {
  yesUrl: string | null;
  troubleUrl: string | null;
}

/** What the keyword answers may use: who we are and where to get help. */
export interface KeywordTemplateProps {
  brand: string;
  /** SUPPORT_CONTACT: a phone number, an address or a web page. */
  contact: string;
}

/** The props of each named template. */
export interface NamedTemplateProps {
  'follow-up.question': FollowUpQuestionProps;
  'follow-up.acknowledgement': FollowUpTemplateProps;
  'keyword.stop': KeywordTemplateProps;
  'keyword.start': KeywordTemplateProps;
  'keyword.help': KeywordTemplateProps;
}

export type NamedTemplate = keyof typeof NAMED_TEMPLATES & keyof NamedTemplateProps;
