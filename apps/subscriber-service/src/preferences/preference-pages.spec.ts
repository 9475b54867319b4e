import { preferenceChange } from './preference-form';
import { PreferencePages, PreferencesView } from './preference-pages';

const pages = new PreferencePages();
const view = (over: Partial<PreferencesView> = {}): PreferencesView => ({
  action: 'https://prefs.example/preferences/TOKEN',
  unsubscribeAllAction: 'https://prefs.example/preferences/TOKEN/unsubscribe-all',
  name: 'Ada <Admin>',
  values: { channels: ['sms'], email: '', phone: '+4915112345678', components: 'internet', regions: 'berlin', cadence: '', timeZone: 'Europe/Berlin', quietHours: 'on', quietHoursStart: '21:00', quietHoursEnd: '08:00', quietHoursIncidents: 'send', marketingConsent: 'on' },
  errors: [],
  plans: [{ name: 'Fibre 500', renewalDate: 'Monday, April 15, 2030', state: 'Active' }],
  textsStopped: false,
  ...over,
});
const ids = (html: string) => [...html.matchAll(/<(?:input|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
const visibleInputs = (html: string) => [...html.matchAll(/<(?:input|select)\b(?![^>]*type="hidden")[^>]*>/g)].map((m) => m[0]);

describe('preference pages', () => {
  it('are a phone-sized, labelled, English page: lang, viewport, a label for every input, fieldsets with legends, visible focus', () => {
    const html = pages.preferences(view(), 'https://prefs.example/preferences/link');
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(':focus-visible');
    expect(html).not.toContain('<script');
    const inputs = visibleInputs(html);
    expect(inputs.length).toBeGreaterThan(15);
    for (const id of ids(html)) expect(html).toContain(`<label for="${id}">`);
    expect(new Set(ids(html)).size).toBe(ids(html).length);
    expect((html.match(/<fieldset>/g) ?? []).length).toBe((html.match(/<legend>/g) ?? []).length);
    for (const legend of ['How should we reach you?', 'What should we tell you about?', 'How often should we update you about a problem?', 'Quiet hours', 'Offers and news']) {
      expect(html).toContain(`<legend>${legend}</legend>`);
    }
    // The token travels in the form's action only; her name is escaped.
    expect(html).toContain('<form method="post" action="https://prefs.example/preferences/TOKEN" novalidate>');
    expect(html).toContain('action="https://prefs.example/preferences/TOKEN/unsubscribe-all"');
    expect(html).toContain('Hello Ada &lt;Admin&gt;.');
    expect(html).toContain('<td>Fibre 500</td><td>Monday, April 15, 2030</td><td>Active</td>');
  });

  it('show her current choices', () => {
    const html = pages.preferences(view(), '/link');
    expect(html).toMatch(/id="channels-sms" name="channels" value="sms" checked/);
    expect(html).not.toMatch(/id="channels-email" name="channels" value="email" checked/);
    expect(html).toMatch(/id="quietHoursStart" name="quietHoursStart" value="21:00"/);
    expect(html).toMatch(/<option value="Europe\/Berlin" selected>/);
    expect(html).toMatch(/id="marketingConsent" name="marketingConsent" value="on" checked/);
    expect(html).toMatch(/id="quietHoursIncidents-send" name="quietHoursIncidents" value="send" checked/);
  });

  it('list every error at the top and at its field, in words, tied to the input (not by colour alone)', async () => {
    const form = { channels: ['sms', 'email'], email: 'not-an-email', phone: '12', timeZone: 'Mars/Olympus', quietHours: 'on', quietHoursStart: '25:00', quietHoursEnd: '08:00', components: 'internet', regions: 'berlin' };
    const { errors } = await preferenceChange(form);
    expect(errors.map((e) => e.field)).toEqual(['email', 'phone', 'quietHoursStart', 'timeZone']);
    const html = pages.preferences(view({ values: form, errors }), '/link');
    expect(html).toContain('<div class="error-summary" role="alert"');
    expect(html).toContain('There is a problem: nothing was saved');
    expect(html).toContain('<li><a href="#email">Enter an email address like name@example.com, or leave it empty.</a></li>');
    expect(html).toContain('<span class="error" id="email-error">Error: Enter an email address like name@example.com, or leave it empty.</span>');
    expect(html).toMatch(/id="email" name="email" value="not-an-email" autocomplete="email" aria-invalid="true" aria-describedby="email-hint email-error"/);
    expect(html).toMatch(/id="phone" name="phone" value="12"[^>]*aria-invalid="true"/);
    expect(html).toContain('<span class="error" id="timeZone-error">Error: Choose your time zone from the list.</span>');
    // What she typed is kept, not replaced by what was stored.
    expect(html).toMatch(/<option value="Mars\/Olympus" selected>/);
  });

  it('refuse a tampered or expired link in words, with a labelled form asking for a fresh one', () => {
    for (const reason of ['tampered', 'expired'] as const) {
      const html = pages.refused(reason, 'https://prefs.example/preferences/link');
      expect(html).toContain('<html lang="en">');
      expect(html).toContain(reason === 'expired' ? '<h1>This link has expired</h1>' : '<h1>This link does not work</h1>');
      expect(html).toContain('<form method="post" action="https://prefs.example/preferences/link">');
      expect(html).toContain('<label for="contact">Email address or mobile number</label>');
      expect(html).toContain('<button type="submit">Send me a fresh link</button>');
    }
    const invalid = pages.refused('request', '/link', 'Enter an email address or number.', 'nonsense');
    expect(invalid).toMatch(/id="contact" name="contact" value="nonsense"[^>]*aria-invalid="true"/);
    expect(invalid).toContain('<span class="error" id="contact-error">Error: Enter an email address or number.</span>');
  });

  it('confirm an unsubscribe with a button (a GET changes nothing), and say what was done', () => {
    const confirm = pages.unsubscribeConfirm('https://prefs.example/unsubscribe/TOKEN', 'marketing');
    expect(confirm).toContain('<form method="post" action="https://prefs.example/unsubscribe/TOKEN">');
    expect(confirm).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click">');
    expect(confirm).toContain('Unsubscribe from offers and news</button>');
    expect(pages.unsubscribed('all', 'https://prefs.example/preferences/T2')).toContain('<a href="https://prefs.example/preferences/T2">See or change all your preferences</a>');
    expect(pages.unsubscribed('marketing', null)).not.toContain('See or change');
  });
});

describe('preference form', () => {
  it('is the API change: ticked channels kept, cleared ones opted out, boxes absent are no, phone spaces dropped', async () => {
    const { dto, errors } = await preferenceChange({
      channels: 'email', email: ' Ada@Example.com ', phone: '+49 151 1234-5678', components: 'Internet, tv', regions: 'berlin', cadence: 'digest', digestHours: '6',
      quietHours: 'none', quietHoursStart: '21:00', quietHoursEnd: '08:00', timeZone: 'Europe/Berlin', quietHoursIncidents: 'wait',
    });
    expect(errors).toEqual([]);
    expect({ ...dto }).toEqual({
      channels: ['email'], optedOutChannels: ['sms'], email: 'ada@example.com', phone: '+4915112345678', components: ['internet', 'tv'], regions: ['berlin'],
      cadence: 'digest', digestHours: 6, criticalOverride: false, quietHoursStart: null, quietHoursEnd: null, timeZone: 'Europe/Berlin',
      quietHoursIncidents: 'wait', quietHoursCritical: false, marketingConsent: false,
    });
  });

  it('asks for at least one channel, and for both ends of quiet hours', async () => {
    const { errors } = await preferenceChange({ timeZone: 'Europe/Berlin', quietHours: 'on' });
    expect(errors).toEqual([
      { field: 'channels', reason: 'Choose at least one way to reach you, or use "Unsubscribe from everything" below.' },
      { field: 'quietHoursStart', reason: 'Enter when your quiet hours start and end, or choose "No quiet hours".' },
    ]);
  });

  it('says when her texts are stopped by STOP, and that only START restarts them', () => {
    expect(pages.preferences(view(), '/preferences/link')).not.toContain('id="texts-stopped"');
    const stopped = pages.preferences(view({ textsStopped: true }), '/preferences/link');
    expect(stopped).toContain('id="texts-stopped"');
    expect(stopped).toMatch(/You texted STOP[^<]*text START[^<]*ticking SMS here does not restart them/);
  });
});
