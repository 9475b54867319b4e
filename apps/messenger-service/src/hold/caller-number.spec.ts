import { callerNumber } from './caller-number';

describe('callerNumber', () => {
  it('gives E.164 for the forms a caller id comes in', () => {
    expect(callerNumber('+4915112345678')).toBe('+4915112345678');
    expect(callerNumber(' +49 151 1234-5678 ')).toBe('+4915112345678');
    expect(callerNumber('004915112345678')).toBe('+4915112345678');
    expect(callerNumber('+1 (212) 555-0102')).toBe('+12125550102');
  });

  it('has no number for withheld, app and SIP callers, or a national number without a country', () => {
    for (const from of [undefined, '', 'anonymous', 'client:agent7', 'sip:ada@example.com', '015112345678', '+123']) {
      expect(callerNumber(from)).toBeNull();
    }
  });
});
