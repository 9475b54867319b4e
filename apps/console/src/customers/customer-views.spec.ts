import { kindOf, logRow, searchProblem } from './customer-views';

describe('the customer pages', () => {
  it('takes a search of 2 to 200 characters', () => {
    expect(searchProblem('a')).toBe('Enter at least 2 characters');
    expect(searchProblem('ad')).toBeUndefined();
    expect(searchProblem('x'.repeat(201))).toBe('Enter at most 200 characters');
  });

  it('says what a message was about and what became of it, an opt-out apart from a failure', () => {
    expect(kindOf('incident.updated')).toBe('Incident news');
    expect(kindOf('welcome-back')).toBe('Welcome back');
    expect(kindOf('something.new')).toBe('something.new');
    const message = {
      id: 'm',
      createdAt: '2026-12-02T13:00:00.000Z',
      sentAt: null,
      channel: 'sms' as const,
      address: '+4915112345601',
      template: 'incident.declared',
      incidentId: 'i',
      updateSequence: 1,
      subject: null,
      body: 'Prespond: …',
      status: 'failed' as const,
      statusAt: '2026-12-02T13:00:00.000Z',
      dueAt: null,
      errorCode: 'suppressed',
      errorMessage: 'she opted out of sms',
    };
    expect(logRow(message, 'Europe/Berlin')).toMatchObject({ when: expect.stringMatching(/^2 Dec 14:00 (CET|GMT\+1)$/), status: 'suppressed', statusLabel: 'Not sent: she opted out', detail: '', update: 'update #1' });
    expect(logRow({ ...message, errorCode: '30003', errorMessage: 'Unreachable' }, 'UTC')).toMatchObject({ status: 'failed', statusClass: 'overdue', detail: 'Unreachable' });
    expect(logRow({ ...message, status: 'deferred', errorCode: null, dueAt: '2026-12-03T07:00:00.000Z' }, 'Europe/Berlin')).toMatchObject({ statusLabel: 'Waiting', detail: expect.stringMatching(/^waits for her quiet hours, until 3 Dec 08:00 (CET|GMT\+1)$/) });
  });
});
