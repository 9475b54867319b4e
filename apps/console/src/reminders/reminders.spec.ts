import { offsetsFrom } from './reminders.controller';

describe('reminder offsets as typed', () => {
  it('reads days separated by commas or spaces, largest first', () => {
    expect(offsetsFrom('1, 30,7')).toEqual([30, 7, 1]);
    expect(offsetsFrom(' 14 3 ')).toEqual([14, 3]);
  });

  it('refuses what the service would refuse: none, zero, too large, repeated, not whole, more than ten', () => {
    for (const value of ['', '0', '367', '7, 7', '1.5', 'soon', '1,2,3,4,5,6,7,8,9,10,11', undefined]) expect(offsetsFrom(value)).toBeUndefined();
  });
});
