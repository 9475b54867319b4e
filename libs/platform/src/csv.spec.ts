import { csvField, csvRecords, parseCsv, toCsv } from './csv';

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields alone and quotes those with a comma, a quote or a line break', () => {
    expect(csvField('plain text')).toBe('plain text');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('she said "soon"')).toBe('"she said ""soon"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
  });

  it('writes numbers as they are and nothing as an empty field', () => {
    expect(csvField(0)).toBe('0');
    expect(csvField(1.25)).toBe('1.25');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('')).toBe('');
  });

  it('defuses text a spreadsheet would run as a formula, but not phone numbers or signed numbers', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField('+4915112345678')).toBe('+4915112345678');
    expect(csvField('-0.5')).toBe('-0.5');
  });

  it('writes a header and CRLF-ended rows that parse back to the same fields', () => {
    const rows = [
      ['sms', 3, 'A fibre cable was cut, near "the exchange".'],
      ['email', null, 'Line one\r\nline two'],
    ];
    const csv = toCsv(['channel', 'notified', 'message'], rows);
    expect(csv.startsWith('channel,notified,message\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['channel', 'notified', 'message'],
      ['sms', '3', 'A fibre cable was cut, near "the exchange".'],
      ['email', '', 'Line one\r\nline two'],
    ]);
    expect(csvRecords(csv)[0]).toEqual({ channel: 'sms', notified: '3', message: 'A fibre cable was cut, near "the exchange".' });
  });

  it('parses LF-ended files and a last line without a line end', () => {
    expect(parseCsv('a,b\n1,"x\ny"\n2,')).toEqual([['a', 'b'], ['1', 'x\ny'], ['2', '']]);
  });
});
