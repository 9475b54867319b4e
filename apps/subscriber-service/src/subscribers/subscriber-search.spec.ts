import { likeEscaped, readSearch } from './subscriber-search';

describe('readSearch', () => {
  it('reads an email address, a phone number in international or national form, or part of a name', () => {
    expect(readSearch(' Ada@Example.com ')).toEqual({ email: 'ada@example.com' });
    expect(readSearch('+49 (151) 123-456.78')).toEqual({ phone: '+4915112345678' });
    expect(readSearch('0049 151 12345678')).toEqual({ phone: '+4915112345678' });
    expect(readSearch('0151 12345678')).toEqual({ phoneEndsWith: '15112345678' });
    expect(readSearch('12345')).toEqual({ nameContains: '12345' }); // too few digits for a number
    expect(readSearch('Ada Lovelace')).toEqual({ nameContains: 'Ada Lovelace' });
    expect(readSearch('R2-D2')).toEqual({ nameContains: 'R2-D2' });
  });

  it('escapes what LIKE would read as wildcards', () => {
    expect(likeEscaped('50%_off\\')).toBe('50\\%\\_off\\\\');
  });
});
