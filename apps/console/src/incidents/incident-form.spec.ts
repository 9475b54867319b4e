import { declarationFrom, problemsFromService, tagsOf, updateFrom } from './incident-form';

const now = new Date('2026-12-02T12:00:00Z');
const form = { title: 'Internet down', message: 'A cable was cut.', severity: 'major', components: ['internet'], componentsOther: 'TV, internet ' };

describe('the declare form', () => {
  it('reads ticked and typed components as one normalised list, and times in the person’s zone', () => {
    const { incident, problems } = declarationFrom({ ...form, regions: 'berlin', nextUpdateBy: '2026-12-02T14:30', eta: '' }, 'Europe/Berlin', now);
    expect(problems).toEqual([]);
    expect(incident).toEqual({
      title: 'Internet down',
      message: 'A cable was cut.',
      severity: 'major',
      status: 'investigating',
      components: ['internet', 'tv'],
      regions: ['berlin'],
      nextUpdateBy: '2026-12-02T13:30:00Z',
    });
  });

  it('names each field that is wrong, for the error summary', () => {
    const { incident, problems } = declarationFrom({ title: 'x', message: '', severity: 'huge', nextUpdateBy: '2026-02-30T10:00', eta: '2026-12-02T12:30' }, 'Europe/Berlin', now);
    expect(incident).toBeUndefined();
    expect(problems.map((p) => p.field)).toEqual(['title', 'message', 'severity', 'componentsOther', 'eta', 'nextUpdateBy']);
    expect(problems.find((p) => p.field === 'nextUpdateBy')?.reason).toBe('Enter a date and time, like 14:30 today');
    expect(problems.find((p) => p.field === 'eta')?.reason).toContain('must be in the future');
  });

  it('keeps only the update fields given', () => {
    expect(updateFrom({ message: 'Splicing the cable.', status: 'identified', severity: '' }, 'UTC', now).update).toEqual({ message: 'Splicing the cable.', status: 'identified' });
    expect(updateFrom({ message: 'no' }, 'UTC', now).problems).toEqual([{ field: 'message', reason: expect.any(String) }]);
  });

  it('maps the service’s field names onto the form’s', () => {
    expect(problemsFromService([{ field: 'components', reason: 'must not be empty' }, { reason: 'conflict' }])).toEqual([
      { field: 'componentsOther', reason: 'components: must not be empty' },
      { field: 'title', reason: 'conflict' },
    ]);
    expect(tagsOf(undefined, ' ,, ')).toEqual([]);
  });
});
