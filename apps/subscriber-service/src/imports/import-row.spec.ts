import { SubscriberEntity } from '../subscribers/subscriber.entity';
import { applyRow, checkRow, headerErrors, profileColumns, rowToPlain } from './import-row';

const row = (cells: Record<string, string> = {}) => ({
  externalId: 'CRM-1', name: 'Ada', email: 'Ada@Example.com ', phone: '+4915112345678', timeZone: 'Europe/Berlin',
  components: 'Internet; tv', regions: 'berlin', channels: 'sms;email', marketingConsent: 'TRUE', ...cells,
});
const now = new Date('2030-01-01T00:00:00Z');

describe('import rows', () => {
  it('names a missing required column, an unknown one and a repeated one in the header', () => {
    expect(headerErrors(['externalId', 'name', 'timeZone', 'components', 'regions', 'channels', 'email'])).toEqual([]);
    expect(headerErrors(['externalId', 'name', 'timeZone', 'components', 'regions', 'fax', 'name']).map((e) => e.field)).toEqual(['channels', 'fax', 'name']);
    expect(profileColumns(['externalId', 'name', 'consentWording', 'phone'])).toEqual(['externalId', 'name', 'phone']);
  });

  it('turns cells into the fields of a request: lists at ";", booleans, integers, empty cells omitted', () => {
    expect(rowToPlain({ components: ' internet ; ;tv', channels: '', marketingConsent: 'False', criticalOverride: 'yes', digestHours: '6', email: '', cadence: 'digest' })).toEqual({
      components: ['internet', 'tv'], channels: [], marketingConsent: false, criticalOverride: 'yes', digestHours: 6, cadence: 'digest',
    });
    expect(rowToPlain({ digestHours: 'six' })).toEqual({ digestHours: 'six' });
  });

  it("checks a row with POST /subscribers' own validators and transforms", async () => {
    const good = await checkRow(row());
    expect(good.errors).toEqual([]);
    expect(good.dto).toMatchObject({ externalId: 'CRM-1', email: 'ada@example.com', components: ['internet', 'tv'], channels: ['sms', 'email'], marketingConsent: true });

    const bad = await checkRow(row({ phone: '0151 1234', timeZone: 'Mars/Olympus', channels: 'sms;fax', marketingConsent: 'maybe', digestHours: 'six' }));
    expect(bad.dto).toBeUndefined();
    expect([...new Set(bad.errors.map((e) => e.field))].sort()).toEqual(['channels', 'digestHours', 'marketingConsent', 'phone', 'timeZone']);
    expect(bad.errors.find((e) => e.field === 'phone')?.reason).toMatch(/E\.164/);

    const anonymous = await checkRow(row({ externalId: ' ' }));
    expect(anonymous).toMatchObject({ externalId: null, errors: [{ field: 'externalId', reason: 'is required' }] });
  });

  describe('applied to her subscriber', () => {
    const columns = profileColumns(Object.keys(row()));
    const dtoOf = async (cells: Record<string, string> = {}) => (await checkRow(row(cells))).dto!;

    it('creates a new subscriber with the defaults of omitted fields', async () => {
      const outcome = applyRow(null, await dtoOf(), columns, now, 'id-1');
      expect(outcome.kind).toBe('imported');
      expect(outcome.kind === 'imported' && outcome.subscriber).toMatchObject({ id: 'id-1', externalId: 'CRM-1', locale: 'en', optedOutChannels: [], cadence: null, createdAt: now, updatedAt: now });
    });

    it('needs the address of every channel, on the subscriber as the row leaves her', async () => {
      const outcome = applyRow(null, await dtoOf({ email: '' }), columns, now, 'id-1');
      expect(outcome).toEqual({ kind: 'rejected', errors: [{ field: 'email', reason: 'is required when channels include email' }] });
    });

    it('is unchanged when the row says what she already is, updated when it differs, and keeps columns the file leaves out', async () => {
      const created = applyRow(null, await dtoOf(), columns, now, 'id-1');
      const existing = Object.assign(new SubscriberEntity(), created.kind === 'imported' ? created.subscriber : {}, { optedOutChannels: ['sms'], lastSeenAt: now });
      const later = new Date('2030-02-01T00:00:00Z');
      expect(applyRow(existing, await dtoOf(), columns, later, 'id-2')).toEqual({ kind: 'unchanged', subscriber: existing });
      const moved = applyRow(existing, await dtoOf({ regions: 'hamburg' }), columns, later, 'id-2');
      expect(moved.kind).toBe('updated');
      expect(moved.kind === 'updated' && moved.subscriber).toMatchObject({ id: 'id-1', regions: ['hamburg'], optedOutChannels: ['sms'], lastSeenAt: now, createdAt: now, updatedAt: later });
    });

    it('may opt her out or withdraw her consent, but never undoes an opt-out or a withdrawal she made since', async () => {
      const created = applyRow(null, await dtoOf(), columns, now, 'id-1');
      const withdrew = Object.assign(new SubscriberEntity(), created.kind === 'imported' ? created.subscriber : {}, { optedOutChannels: ['email'], marketingConsent: false });
      const later = new Date('2030-02-01T00:00:00Z');
      // The CRM still says "consent, no opt-outs": she keeps what she said.
      expect(applyRow(withdrew, await dtoOf({ optedOutChannels: '', marketingConsent: 'true' }), [...columns, 'optedOutChannels'], later, 'id-2')).toEqual({ kind: 'unchanged', subscriber: withdrew });
      // The CRM opts her out of sms too: that it may.
      const more = applyRow(withdrew, await dtoOf({ optedOutChannels: 'sms' }), [...columns, 'optedOutChannels'], later, 'id-2');
      expect(more.kind === 'updated' && more.subscriber.optedOutChannels).toEqual(['email', 'sms']);
    });

    it('never brings back an erased subscriber', async () => {
      const erased = Object.assign(new SubscriberEntity(), { id: 'id-1', externalId: 'CRM-1', erasedAt: now, channels: [] });
      expect(applyRow(erased, await dtoOf(), columns, now, 'id-2')).toEqual({ kind: 'rejected', errors: [{ field: 'externalId', reason: 'belongs to a subscriber erased at her request' }] });
    });
  });
});
