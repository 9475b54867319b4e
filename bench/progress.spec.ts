import { CapturedEmail, SmtpInbox, TwilioSandbox } from '@prespond/sandbox';
import { acceptances, InboxDrain } from './progress';

const email = (receivedAt: string, to = 'ada@example.com') => ({ receivedAt, subject: receivedAt, to: [to] }) as CapturedEmail;

describe('InboxDrain', () => {
  it('empties the inbox, keeping each acceptance (address and time) and the first email', () => {
    const smtp = { messages: [email('2030-01-31T14:00:00.100Z'), email('2030-01-31T14:00:00.200Z')] } as unknown as SmtpInbox;
    const inbox = new InboxDrain(smtp);
    expect(inbox.drain()).toBe(2);
    smtp.messages.push(email('2030-01-31T14:00:00.300Z'));
    expect(inbox.drain()).toBe(3);
    expect(smtp.messages).toHaveLength(0);
    expect(inbox.first?.subject).toBe('2030-01-31T14:00:00.100Z');
    expect(inbox.accepted.map((a) => a.at)).toEqual([100, 200, 300].map((ms) => Date.UTC(2030, 0, 31, 14, 0, 0, ms)));
    expect(inbox.accepted[0]).toEqual({ channel: 'email', address: 'ada@example.com', at: Date.UTC(2030, 0, 31, 14, 0, 0, 100) });
  });
});

describe('acceptances', () => {
  const inbox = new InboxDrain({ messages: [email('2030-01-31T14:00:00.500Z')] } as unknown as SmtpInbox);
  inbox.drain();

  it('rounds whole-second SMS times up to the end of their second, so no latency is understated', () => {
    const twilio = { messages: [{ to: '+15550001', date_created: 'Thu, 31 Jan 2030 14:00:00 GMT' }] } as unknown as TwilioSandbox;
    const found = acceptances(twilio, inbox);
    expect(found).toMatchObject({ times: [Date.UTC(2030, 0, 31, 14, 0, 0, 999), Date.UTC(2030, 0, 31, 14, 0, 0, 500)], smsPrecision: 's' });
    expect(found.each[0]).toEqual({ channel: 'sms', address: '+15550001', at: Date.UTC(2030, 0, 31, 14, 0, 0, 999) });
  });

  it('uses accepted_at when the sandbox records it', () => {
    const twilio = { messages: [{ date_created: 'Thu, 31 Jan 2030 14:00:00 GMT', accepted_at: '2030-01-31T14:00:00.042Z' }] } as unknown as TwilioSandbox;
    expect(acceptances(twilio, inbox)).toMatchObject({ times: [Date.UTC(2030, 0, 31, 14, 0, 0, 42), Date.UTC(2030, 0, 31, 14, 0, 0, 500)], smsPrecision: 'ms' });
  });
});
