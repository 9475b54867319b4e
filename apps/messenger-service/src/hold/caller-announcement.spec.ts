import { callerAnnouncement, CallerProfile, incidentsAffecting, spokenEtaIn } from './caller-announcement';
import { HoldIncidentEntity } from './hold-incident.entity';

const now = new Date('2030-01-31T10:00:00Z'); // 11:00 in Berlin, 05:00 in New York, 19:00 in Tokyo

function incident(overrides: Partial<HoldIncidentEntity>): HoldIncidentEntity {
  return Object.assign(new HoldIncidentEntity(), {
    incidentId: 'x',
    sequence: 1,
    title: 't',
    status: 'investigating',
    severity: 'major',
    components: ['internet'],
    regions: ['berlin'],
    message: 'm',
    eta: null,
    nextUpdateBy: null,
    updateId: null,
    declaredAt: now,
    changedAt: now,
    ...overrides,
  });
}

const ada: CallerProfile = { timeZone: 'Europe/Berlin', locale: 'en', components: ['internet', 'phone'], regions: ['berlin'] };

describe('spokenEtaIn', () => {
  const eta = new Date('2030-01-31T15:30:00Z');

  it('says the time in her zone, with today or tomorrow by her calendar', () => {
    expect(spokenEtaIn(eta, now, 'Europe/Berlin', 'en')).toBe('4:30 PM today');
    expect(spokenEtaIn(eta, now, 'America/New_York', 'en')).toBe('10:30 AM today');
    // 00:30 the next day in Tokyo, although it is the same UTC day.
    expect(spokenEtaIn(eta, now, 'Asia/Tokyo', 'en')).toBe('12:30 AM tomorrow');
  });

  it('drops ":00", names the weekday within a week and the date beyond it', () => {
    expect(spokenEtaIn(new Date('2030-01-31T16:00:00Z'), now, 'Europe/Berlin', 'en')).toBe('5 PM today');
    expect(spokenEtaIn(new Date('2030-02-02T08:15:00Z'), now, 'Europe/Berlin', 'en')).toBe('9:15 AM on Saturday');
    expect(spokenEtaIn(new Date('2030-02-20T08:15:00Z'), now, 'Europe/Berlin', 'en')).toBe('9:15 AM on Wednesday, February 20');
  });

  it('follows an English locale of hers and reads any other as en', () => {
    expect(spokenEtaIn(eta, now, 'Europe/London', 'en-GB')).toBe('15:30 today');
    expect(spokenEtaIn(eta, now, 'Europe/Berlin', 'de')).toBe('4:30 PM today');
  });

  it('has nothing to say about an ETA that has passed', () => {
    expect(spokenEtaIn(new Date('2030-01-31T09:59:00Z'), now, 'Europe/Berlin', 'en')).toBeNull();
  });
});

describe('incidentsAffecting', () => {
  it('keeps her components in her regions, most severe first; an incident without regions touches every region', () => {
    const found = incidentsAffecting(ada, [
      incident({ incidentId: 'tv', components: ['tv'] }),
      incident({ incidentId: 'hamburg', regions: ['hamburg'] }),
      incident({ incidentId: 'resolved', status: 'resolved' }),
      incident({ incidentId: 'everywhere', severity: 'minor', components: ['phone', 'tv'], regions: [] }),
      incident({ incidentId: 'berlin', severity: 'critical', regions: ['berlin', 'munich'] }),
    ]);
    expect(found.map((f) => f.incident.incidentId)).toEqual(['berlin', 'everywhere']);
    expect(found[0]).toMatchObject({ components: ['internet'], regions: ['berlin'] });
    expect(found[1]).toMatchObject({ components: ['phone'], regions: ['berlin'] });
  });
});

describe('callerAnnouncement', () => {
  it('names only her affected service and the ETA in her zone, offers texts, and reads no name', () => {
    const affecting = incidentsAffecting(ada, [
      incident({ components: ['internet', 'tv'], regions: ['berlin', 'hamburg'], eta: new Date('2030-01-31T15:30:00Z') }),
    ]);
    const text = callerAnnouncement(affecting, ada, now);
    expect(text).toBe(
      'Thank you for calling. We know about a problem with your internet in berlin, and we are working on it. ' +
        'We expect it fixed by 4:30 PM today. You do not need to report it. ' +
        'To get text updates about your internet at the number you are calling from, press 1. ' +
        'Otherwise, please hold, and the next available agent will be with you shortly.',
    );
  });

  it('says the same ETA in another caller’s zone', () => {
    const bob: CallerProfile = { timeZone: 'America/New_York', locale: 'en', components: ['internet'], regions: ['berlin'] };
    const affecting = incidentsAffecting(bob, [incident({ eta: new Date('2030-01-31T15:30:00Z') })]);
    expect(callerAnnouncement(affecting, bob, now)).toContain('We expect it fixed by 10:30 AM today.');
  });

  it('reminds her instead of offering again once she has pressed 1', () => {
    const text = callerAnnouncement(incidentsAffecting(ada, [incident({})]), ada, now, { alreadyFollowing: true });
    expect(text).toContain('We will text you updates about your internet.');
    expect(text).not.toContain('press 1');
  });

  it('promises no time when there is no ETA', () => {
    const text = callerAnnouncement(incidentsAffecting(ada, [incident({})]), ada, now);
    expect(text).not.toContain('We expect');
    expect(text).toContain('press 1');
  });
});
