import { CapturedEmail, SmtpInbox } from '@prespond/sandbox';
import { InboxDrain } from './progress';

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
