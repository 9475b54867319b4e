import { CALM_ANNOUNCEMENT, holdAnnouncement } from './announcement';
import { HoldIncidentEntity } from './hold-incident.entity';

const now = new Date('2026-11-22T12:00:00Z');

function incident(overrides: Partial<HoldIncidentEntity>): HoldIncidentEntity {
  return Object.assign(new HoldIncidentEntity(), {
    incidentId: 'x',
    sequence: 1,
    title: 't',
    status: 'investigating',
    severity: 'minor',
    components: ['tv'],
    regions: [],
    message: 'm',
    eta: null,
    declaredAt: now,
    changedAt: now,
    ...overrides,
  });
}

describe('holdAnnouncement', () => {
  it('is calm when nothing is wrong', () => {
    expect(holdAnnouncement([], now)).toBe(CALM_ANNOUNCEMENT);
  });

  it('names each incident, most severe first, with a spoken ETA', () => {
    const text = holdAnnouncement(
      [
        incident({ severity: 'minor', components: ['tv'] }),
        incident({ severity: 'critical', components: ['internet', 'phone'], regions: ['berlin'], eta: new Date('2026-11-22T14:00:00Z') }),
      ],
      now,
    );
    expect(text).toContain('internet and phone in berlin');
    expect(text).toContain('in 2 hours');
    expect(text.indexOf('internet and phone')).toBeLessThan(text.indexOf('problem with tv'));
  });

  it('leaves out an ETA that has already passed', () => {
    const text = holdAnnouncement([incident({ eta: new Date('2026-11-22T11:00:00Z') })], now);
    expect(text).not.toContain('expect it to be fixed');
  });
});
