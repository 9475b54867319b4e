import { SubscriberSnapshot } from '@prespond/contracts';
import { quietHoursFromSnapshot } from './quiet-hours-copy';

describe('quietHoursFromSnapshot', () => {
  const base: SubscriberSnapshot = {
    id: '7f0c5a52-3d2e-4a8e-9d2f-7c1c3b1d2e40', name: 'Ada', email: null, phone: '+4915112345678', timeZone: 'Europe/Berlin', locale: 'en',
    components: ['internet'], regions: ['berlin'], channels: ['sms'], updatedAt: '2030-01-15T10:00:00.000Z',
  };

  it('gives a snapshot from before quiet hours the defaults', () => {
    expect(quietHoursFromSnapshot(base)).toEqual({ valid: true, settings: { start: '21:00', end: '08:00', incidents: 'send', critical: false } });
  });

  it('keeps what she chose, none included', () => {
    expect(quietHoursFromSnapshot({ ...base, quietHoursStart: '22:30', quietHoursEnd: '06:45', quietHoursIncidents: 'wait', quietHoursCritical: true }).settings)
      .toEqual({ start: '22:30', end: '06:45', incidents: 'wait', critical: true });
    expect(quietHoursFromSnapshot({ ...base, quietHoursStart: null, quietHoursEnd: null }).settings).toMatchObject({ start: null, end: null });
  });

  it('falls back to the default span for a pair that does not make sense, keeping her other choices', () => {
    for (const pair of [{ quietHoursStart: null, quietHoursEnd: '08:00' }, { quietHoursStart: '9pm', quietHoursEnd: '08:00' }, { quietHoursStart: '21:00', quietHoursEnd: '24:00' }]) {
      expect(quietHoursFromSnapshot({ ...base, ...pair, quietHoursIncidents: 'wait' })).toEqual({ valid: false, settings: { start: '21:00', end: '08:00', incidents: 'wait', critical: false } });
    }
  });
});
