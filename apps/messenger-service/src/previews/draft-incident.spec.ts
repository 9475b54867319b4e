import { IncidentSnapshotSchema, IncidentUpdateSchema } from '@prespond/contracts';
import { DraftIncident, draftErrors, draftIncidentChange } from './draft-incident';

describe('an incident not declared yet, as a preview shows it', () => {
  const now = new Date('2030-01-31T14:00:00.000Z');
  const draft: DraftIncident = { title: 'Internet outage', message: 'A cable was cut.', severity: 'major', components: ['internet'] };

  it('is the declaration\'s update 1, investigating, every region, as the event would carry it', () => {
    const { incident, update } = draftIncidentChange('incident.declared', draft, now);
    expect(IncidentSnapshotSchema.parse(incident)).toEqual({
      id: expect.any(String), title: 'Internet outage', status: 'investigating', severity: 'major', components: ['internet'], regions: [], declaredAt: now.toISOString(), resolvedAt: null,
    });
    expect(IncidentUpdateSchema.parse(update)).toEqual({
      id: expect.any(String), sequence: 1, status: 'investigating', message: 'A cable was cut.', eta: null, nextUpdateBy: null, createdAt: now.toISOString(),
    });
  });

  it('keeps its status, regions and times (as instants in UTC)', () => {
    const { incident, update } = draftIncidentChange('incident.updated', { ...draft, status: 'identified', regions: ['berlin'], eta: '2030-01-31T17:30:00+01:00', nextUpdateBy: '2030-01-31T15:00:00Z' }, now);
    expect(incident).toMatchObject({ status: 'identified', regions: ['berlin'], resolvedAt: null });
    expect(update).toMatchObject({ sequence: 2, status: 'identified', eta: '2030-01-31T16:30:00.000Z', nextUpdateBy: '2030-01-31T15:00:00.000Z' });
  });

  it('is resolved now for a resolution', () => {
    const { incident, update } = draftIncidentChange('incident.resolved', draft, now);
    expect(incident).toMatchObject({ status: 'resolved', resolvedAt: now.toISOString() });
    expect(update).toMatchObject({ sequence: 2, status: 'resolved' });
  });

  it('says when its status does not fit the template, naming incident.status', () => {
    expect(draftErrors('incident.declared', draft)).toEqual([]);
    expect(draftErrors('incident.declared', { ...draft, status: 'monitoring' })).toEqual([]);
    expect(draftErrors('incident.resolved', { ...draft, status: 'resolved' })).toEqual([]);
    expect(draftErrors('incident.declared', { ...draft, status: 'resolved' })).toEqual([{ field: 'incident.status', reason: expect.stringContaining('incident.resolved') }]);
    expect(draftErrors('incident.updated', { ...draft, status: 'resolved' })).toEqual([{ field: 'incident.status', reason: expect.any(String) }]);
    expect(draftErrors('incident.resolved', { ...draft, status: 'identified' })).toEqual([{ field: 'incident.status', reason: expect.stringContaining('must be resolved') }]);
  });
});
