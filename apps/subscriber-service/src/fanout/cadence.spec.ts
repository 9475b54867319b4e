import { IncidentChangeType, IncidentStatus } from '@prespond/contracts';
import { cadenceDecision, CadencePreference, effectiveCadence } from './cadence';

/** Six updates of one incident, as ops might post them. */
const SIX: { type: IncidentChangeType; status: IncidentStatus; previousStatus: IncidentStatus | null }[] = [
  { type: 'incident.declared', status: 'investigating', previousStatus: null },
  { type: 'incident.updated', status: 'investigating', previousStatus: 'investigating' },
  { type: 'incident.updated', status: 'identified', previousStatus: 'investigating' },
  { type: 'incident.updated', status: 'identified', previousStatus: 'identified' },
  { type: 'incident.updated', status: 'monitoring', previousStatus: 'identified' },
  { type: 'incident.resolved', status: 'resolved', previousStatus: 'monitoring' },
];

const decisions = (pref: CadencePreference, severity: 'minor' | 'major' | 'critical' = 'major') =>
  SIX.map((change) => cadenceDecision(pref, { ...change, severity }));

describe('cadence', () => {
  it('every update: all six now', () => {
    expect(decisions({ cadence: 'every-update', criticalOverride: false })).toEqual(Array(6).fill('now'));
  });

  it('milestones: declared, identified (the first time only) and resolved', () => {
    expect(decisions({ cadence: 'milestones', criticalOverride: false })).toEqual(['now', 'skip', 'now', 'skip', 'skip', 'now']);
  });

  it('digest: every update is held for the digest', () => {
    expect(decisions({ cadence: 'digest', criticalOverride: false })).toEqual(Array(6).fill('digest'));
  });

  it('resolution only: just the resolution', () => {
    expect(decisions({ cadence: 'resolution-only', criticalOverride: false })).toEqual(['skip', 'skip', 'skip', 'skip', 'skip', 'now']);
  });

  it('a critical incident overrides her choice only if she allowed it', () => {
    expect(decisions({ cadence: 'resolution-only', criticalOverride: true }, 'critical')).toEqual(Array(6).fill('now'));
    expect(decisions({ cadence: 'resolution-only', criticalOverride: false }, 'critical')).toEqual(['skip', 'skip', 'skip', 'skip', 'skip', 'now']);
    expect(decisions({ cadence: 'resolution-only', criticalOverride: true }, 'major')).toEqual(['skip', 'skip', 'skip', 'skip', 'skip', 'now']);
  });

  it('defaults by severity when she has not chosen', () => {
    expect(effectiveCadence({ cadence: null, criticalOverride: false }, 'critical')).toBe('every-update');
    expect(effectiveCadence({ cadence: null, criticalOverride: false }, 'major')).toBe('every-update');
    expect(effectiveCadence({ cadence: null, criticalOverride: false }, 'minor')).toBe('milestones');
    expect(effectiveCadence({ cadence: 'digest', criticalOverride: false }, 'minor')).toBe('digest');
  });
});
