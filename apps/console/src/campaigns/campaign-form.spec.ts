import { audienceQueryFrom, draftFrom, formValues, problemsFromService } from './campaign-form';
import { audienceFigures, audienceWords, resultsView } from './campaign-views';

const now = new Date('2030-04-01T08:00:00Z');
const form = {
  name: ' Spring offer ',
  regions: ['berlin'],
  regionsOther: 'Hamburg, ',
  components: 'internet',
  inactiveDays: '60',
  seenSince: '2030-01-01',
  hasChannel: 'sms',
  smsText: 'Hi {{name}}, 20% off.',
  emailSubject: '',
  emailText: '',
  startsAt: '2030-04-01T10:00',
  endsAt: '2030-04-08T10:00',
  windowStart: '09:00',
  windowEnd: '20:00',
  perMinute: '600',
  capCount: '1',
  capDays: '30',
  returnWindowDays: '',
};

describe('the campaign composer form', () => {
  it('reads the audience, the content of the channels used, and times in the marketer’s zone', () => {
    const { draft, problems } = draftFrom(form, 'Europe/Berlin', now);
    expect(problems).toEqual([]);
    expect(draft).toEqual({
      name: 'Spring offer',
      audience: { inactiveDays: 60, lastSeenAfter: '2029-12-31T23:00:00Z', regions: ['berlin', 'hamburg'], components: ['internet'], hasChannel: 'sms' },
      content: { sms: { text: 'Hi {{name}}, 20% off.' } },
      startsAt: '2030-04-01T08:00:00Z',
      endsAt: '2030-04-08T08:00:00Z',
      windowStart: '09:00',
      windowEnd: '20:00',
      perMinute: 600,
      capCount: 1,
      capDays: 30,
    });
  });

  it('names each field that is wrong, for the error summary', () => {
    const { draft, problems } = draftFrom(
      { ...form, name: '', inactiveDays: '-1', seenBefore: '2030-02-30', emailSubject: 'Only a subject', endsAt: '2030-03-31T10:00', windowEnd: '25:00', capCount: '0' },
      'Europe/Berlin',
      now,
    );
    expect(draft).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['name', 'inactiveDays', 'seenBefore', 'emailText', 'endsAt', 'windowEnd', 'capCount']);
    expect(problems.find((p) => p.field === 'endsAt')?.reason).toBe('The end must be after the start');
    expect(draftFrom({ ...form, startsAt: '', endsAt: '2030-03-31T10:00' }, 'UTC', now).problems).toEqual([{ field: 'endsAt', reason: expect.stringContaining('already passed') }]);
  });

  it('counts the audience for the channels with content, or both while none has any', () => {
    expect(audienceQueryFrom({ ...form, capCount: '1' }, 'UTC').query).toMatchObject({ channels: ['sms'], capCount: 1, capDays: 30 });
    const empty = audienceQueryFrom({ regions: 'berlin' }, 'UTC');
    expect(empty).toEqual({ query: { audience: { regions: ['berlin'] }, channels: ['sms', 'email'] }, assumed: true, problems: [] });
    // A saved draft's numbers come back as numbers.
    expect(audienceQueryFrom({ capCount: 1, inactiveDays: 0, smsText: 'Hi' }, 'UTC').query).toEqual({ audience: { inactiveDays: 0 }, channels: ['sms'], capCount: 1 });
    expect(audienceQueryFrom({ inactiveDays: 'soon' }, 'UTC').problems).toEqual([{ field: 'inactiveDays', reason: expect.stringContaining('whole number') }]);
  });

  it('shows a saved draft as the form it came from', () => {
    const values = formValues(
      {
        id: 'c', name: 'Spring offer', state: 'draft', audience: { regions: ['berlin'], lastSeenAfter: '2029-12-31T23:00:00Z' }, content: { email: { subject: 'Hi', text: 'Hello {{name}}' } },
        startsAt: '2030-04-01T08:00:00Z', endsAt: null, windowStart: '09:00', windowEnd: '20:00', perMinute: 600, capCount: 2, capDays: 30, returnWindowDays: 7, createdAt: '', completedAt: null,
      },
      'Europe/Berlin',
    );
    expect(values).toMatchObject({ regions: ['berlin'], seenSince: '2030-01-01', emailSubject: 'Hi', smsText: '', startsAt: '2030-04-01T10:00', endsAt: '' });
  });

  it('names the service’s reasons by the form’s fields and labels', () => {
    expect(problemsFromService([{ field: 'content', reason: 'needs content for at least one channel' }, { field: 'startsAt', reason: 'is required to schedule' }, { reason: 'odd' }])).toEqual([
      { field: 'content', reason: 'What customers get: needs content for at least one channel' },
      { field: 'startsAt', reason: 'Starts: is required to schedule' },
      { field: 'name', reason: 'odd' },
    ]);
  });
});

describe('the campaign views', () => {
  it('says the audience in words, and every figure of the live count', () => {
    expect(audienceWords({ regions: ['berlin'], components: ['internet', 'tv'], inactiveDays: 60, hasChannel: 'email' }, 'UTC')).toBe('in berlin · using internet, tv · not seen for 60 days or more · reachable by email');
    expect(audienceWords({}, 'UTC')).toBe('every customer with marketing consent');
    const figures = audienceFigures(
      { size: 2, byChannel: { sms: 2 }, optedOut: 1, matching: 6, excluded: { noConsent: 1, openIncident: 1, frequencyCap: 1, optedOut: 1 }, sample: [{ id: 'a', name: 'Ada', phone: '+49', email: 'a@x', timeZone: 'UTC' }] },
      false,
    );
    expect(figures).toMatchObject({ size: '2', sms: '2', email: null, matchingText: '6 match the filter. Left out:', sample: [{ id: 'a', name: 'Ada', both: true, label: 'Ada (text message, email)' }] });
    expect(figures.exclusions.map((e) => [e.key, e.count])).toEqual([['noConsent', '1'], ['openIncident', '1'], ['frequencyCap', '1'], ['optedOut', '1']]);
    expect(audienceFigures({ size: 12000, byChannel: { email: 0 }, optedOut: 0, matching: 12000, excluded: { noConsent: 0, openIncident: 0, frequencyCap: 0, optedOut: 0 }, sample: [] }, true)).toMatchObject({ size: '12,000', sms: null, email: '0', note: expect.any(String) });
  });

  it('gives the chart the same figures as the table', () => {
    const view = resultsView({ campaignId: 'c', state: 'running', channels: [{ channel: 'sms', targeted: 2, sent: 2, delivered: 1, failed: 0, deferred: 0, optedOut: 1, returned: 0 }] });
    expect(view.rows[0].cells.map((c) => c.value)).toEqual([2, 2, 1, 0, 0, 1, 0]);
    expect(view.chart.series[0].values).toEqual([2, 2, 1, 0, 0, 1, 0]);
    expect(view.chart.labels[0]).toBe('Targeted');
  });
});
