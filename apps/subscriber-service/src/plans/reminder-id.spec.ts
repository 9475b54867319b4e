import { renewalReminderId } from './reminder-id';

describe('renewalReminderId', () => {
  const plan = '5b0f7a52-6a55-4c8e-9a0e-1f2d3c4b5a69';

  it('is the same for the same plan, date, offset and channel, so a re-queued reminder is sent once', () => {
    expect(renewalReminderId(plan, '2030-04-15', 7, 'sms')).toBe(renewalReminderId(plan, '2030-04-15', 7, 'sms'));
  });

  it('differs per channel, offset and renewal date (a new date gets new reminders)', () => {
    const ids = [
      renewalReminderId(plan, '2030-04-15', 7, 'sms'),
      renewalReminderId(plan, '2030-04-15', 7, 'email'),
      renewalReminderId(plan, '2030-04-15', 1, 'sms'),
      renewalReminderId(plan, '2030-04-22', 7, 'sms'),
    ];
    expect(new Set(ids).size).toBe(4);
  });
});
