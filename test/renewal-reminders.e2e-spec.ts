import { waitFor } from '@prespond/sandbox';
import { SystemUnderTest } from './support/system';

/**
 * Renewal reminders across the whole system, with the services' clocks moved over HTTP: T-30, T-7 and T-1 reach
 * each customer once, in her own morning (Tokyo and New York), by SMS and email but not on a channel she opted out
 * of; none after a renewal; a new date reschedules them.
 */
describe('renewal reminders, end to end', () => {
  let system: SystemUnderTest;
  const aiko = { phone: '+819012349001', email: 'aiko@example.com' };
  const ben = { phone: '+12125559101', email: 'ben@example.com' };
  const cleo = { phone: '+819012349002' };

  beforeAll(async () => {
    system = await SystemUnderTest.start({ RENEWAL_INTERVAL_MS: '200' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const texts = (phone: string, n: number, what: string) => waitFor(() => system.textsTo(phone).length === n && system.textsTo(phone), { description: what });

  it('reminds at T-30, T-7 and T-1 in her morning, once each; none after renewal; rescheduled after a date change', async () => {
    await system.setClock('2030-03-01T00:00:00Z');
    const base = { components: ['internet'], regions: ['tokyo'] };
    const a = await system.post('subscriber-service', '/subscribers', { ...base, name: 'Aiko', ...aiko, timeZone: 'Asia/Tokyo', channels: ['sms', 'email'] });
    const b = await system.post('subscriber-service', '/subscribers', {
      ...base, name: 'Ben', ...ben, timeZone: 'America/New_York', channels: ['sms', 'email'], optedOutChannels: ['email'],
    });
    const c = await system.post('subscriber-service', '/subscribers', { ...base, name: 'Cleo', ...cleo, timeZone: 'Asia/Tokyo', channels: ['sms'] });
    const plan = { name: 'Fibre 500', type: 'broadband', renewalDate: '2030-04-15' };
    const aikos = await system.post('subscriber-service', `/subscribers/${a.id}/plans`, plan);
    const bens = await system.post('subscriber-service', `/subscribers/${b.id}/plans`, plan);
    const cleos = await system.post('subscriber-service', `/subscribers/${c.id}/plans`, { ...plan, name: 'TV Max', type: 'tv' });

    // T-30, 09:30 in Tokyo (00:30Z): Aiko and Cleo, by each of their channels.
    await system.setClock('2030-03-16T00:30:00Z');
    const [aiko30] = await texts(aiko.phone, 1, "Aiko's T-30 text");
    // Her link is her signed preference page (the link is already in the text, so the footer only adds how to stop).
    const page = system.url('subscriber-service', '/preferences/');
    expect(aiko30).toBe(`Prespond: Your plan Fibre 500 renews in 30 days, on Monday, April 15, 2030. Your plans and settings: ${page}${aiko30.slice(-66, -22)}\nReply STOP to opt out`);
    const opened = await fetch(aiko30.match(/(http\S+\/preferences\/[A-Za-z0-9_-]{44})/)![1]);
    expect(opened.status).toBe(200);
    expect(await opened.text()).toContain(`<td>Fibre 500</td><td>Monday, April 15, 2030</td><td>Active</td>`);
    await waitFor(() => system.emailsTo(aiko.email).length === 1, { description: "Aiko's T-30 email" });
    expect(system.emailsTo(aiko.email)[0]).toMatchObject({ subject: 'Your plan Fibre 500 renews in 30 days' });
    await texts(cleo.phone, 1, "Cleo's T-30 text");
    // Cleo moves her renewal to 2030-04-10: its T-30 (03-11) is already past, its T-7 and T-1 are ahead.
    await system.patch('subscriber-service', `/plans/${cleos.id}`, { renewalDate: '2030-04-10' });

    // T-30, 09:30 EDT in New York (13:30Z): Ben, by SMS only (he opted out of email).
    await system.setClock('2030-03-16T13:30:00Z');
    const [ben30] = await texts(ben.phone, 1, "Ben's T-30 text");
    expect(ben30).toContain('renews in 30 days, on Monday, April 15, 2030.');

    // Cleo's rescheduled T-7 (04-03) comes alone: Aiko's plan is not due.
    await system.setClock('2030-04-03T00:30:00Z');
    expect((await texts(cleo.phone, 2, "Cleo's T-7 for her new date"))[1]).toContain('TV Max renews in 7 days, on Wednesday, April 10, 2030.');
    expect(system.textsTo(aiko.phone)).toHaveLength(1);

    // T-7 of 2030-04-15: Aiko in her morning; Cleo's old date sends nothing.
    await system.setClock('2030-04-08T00:30:00Z');
    expect((await texts(aiko.phone, 2, "Aiko's T-7"))[1]).toContain('renews in 7 days, on Monday, April 15, 2030.');
    await system.setClock('2030-04-08T13:30:00Z');
    expect((await texts(ben.phone, 2, "Ben's T-7"))[1]).toContain('renews in 7 days, on Monday, April 15, 2030.');
    // Ben renews for a year; a new Mobile plan renews in 7 days: its T-30 is past, its T-7 is today, in his window.
    await system.post('subscriber-service', `/plans/${bens.id}/renew`, { renewalDate: '2031-04-15' });
    await system.post('subscriber-service', `/subscribers/${b.id}/plans`, { name: 'Mobile S', type: 'mobile', renewalDate: '2030-04-15' });
    expect((await texts(ben.phone, 3, "Ben's Mobile T-7"))[2]).toContain('Mobile S renews in 7 days');

    // Cleo's T-1, then Aiko's and Ben's.
    await system.setClock('2030-04-09T00:30:00Z');
    expect((await texts(cleo.phone, 3, "Cleo's T-1"))[2]).toContain('TV Max renews tomorrow, on Wednesday, April 10, 2030.');
    await system.setClock('2030-04-14T00:30:00Z');
    expect((await texts(aiko.phone, 3, "Aiko's T-1"))[2]).toContain('Fibre 500 renews tomorrow, on Monday, April 15, 2030.');
    await system.setClock('2030-04-14T13:30:00Z');
    // Only the Mobile plan: the renewed Fibre plan's old date has no more reminders.
    expect((await texts(ben.phone, 4, "Ben's Mobile T-1"))[3]).toContain('Mobile S renews tomorrow');
    await waitFor(() => system.emailsTo(aiko.email).length === 3, { description: "Aiko's three emails" });

    // Once each: what the sandbox and the inbox got, and what subscriber-service recorded.
    expect(system.textsTo(aiko.phone).map((t) => t.match(/renews (in \d+ days|tomorrow)/)?.[1])).toEqual(['in 30 days', 'in 7 days', 'tomorrow']);
    expect(system.emailsTo(aiko.email).map((m) => m.subject)).toEqual([
      'Your plan Fibre 500 renews in 30 days',
      'Your plan Fibre 500 renews in 7 days',
      'Your plan Fibre 500 renews tomorrow',
    ]);
    expect(system.textsTo(ben.phone).map((t) => t.match(/plan (.+) renews (in \d+ days|tomorrow)/)?.slice(1).join(' '))).toEqual([
      'Fibre 500 in 30 days',
      'Fibre 500 in 7 days',
      'Mobile S in 7 days',
      'Mobile S tomorrow',
    ]);
    expect(system.emailsTo(ben.email)).toHaveLength(0);
    expect(system.textsTo(cleo.phone)).toHaveLength(3);
    const aikoPlans = await system.get('subscriber-service', `/subscribers/${a.id}/plans`);
    expect(aikoPlans[0].reminders.map((r: { offsetDays: number; channels: string[] }) => `${r.offsetDays}:${r.channels.join('+')}`)).toEqual(['30:sms+email', '7:sms+email', '1:sms+email']);
    const communications = await system.get('messenger-service', `/subscribers/${a.id}/communications`);
    expect(communications.items.filter((m: { template: string }) => m.template === 'renewal.reminder')).toHaveLength(6);
  });
});
