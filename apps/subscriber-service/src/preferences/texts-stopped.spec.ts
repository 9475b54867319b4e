import { textsStoppedByKeyword } from './preferences.service';

const record = (source: string, granted: boolean, purpose: 'sms' | 'email' | 'marketing' = 'sms') => ({ purpose, source, granted });

describe('texts stopped by STOP', () => {
  it('follows her latest keyword or carrier record, whatever the page or the API said since', () => {
    expect(textsStoppedByKeyword([])).toBe(false);
    expect(textsStoppedByKeyword([record('api', false)])).toBe(false);
    expect(textsStoppedByKeyword([record('keyword', false)])).toBe(true);
    expect(textsStoppedByKeyword([record('keyword', false), record('page', true)])).toBe(true);
    expect(textsStoppedByKeyword([record('keyword', false), record('keyword', true)])).toBe(false);
    expect(textsStoppedByKeyword([record('provider-error', false)])).toBe(true);
    expect(textsStoppedByKeyword([record('keyword', false, 'email')])).toBe(false);
  });
});
