import { isValidPhoneNumber } from 'libphonenumber-js';
import { benchEmail, benchPhone, MAX_SUBSCRIBERS } from './seed';

describe('bench contacts', () => {
  it('gives a million distinct phone numbers', () => {
    const count = 1_000_000;
    const phones = new Set<string>();
    for (let i = 0; i < count; i++) phones.add(benchPhone(i));
    expect(phones.size).toBe(count);
  });

  it('gives distinct emails', () => {
    expect(new Set([0, 1, 10, 100_000].map(benchEmail)).size).toBe(4);
  });

  it('gives numbers libphonenumber-js accepts, as subscriber-service validates them, across the whole range', () => {
    const indexes = [0, 1, 9, 10, 99_999, 100_000, 999_999, 1_000_000, MAX_SUBSCRIBERS - 1];
    for (let i = 0; i < 1_000_000; i += 9_973) indexes.push(i);
    for (const i of indexes) expect([benchPhone(i), isValidPhoneNumber(benchPhone(i))]).toEqual([benchPhone(i), true]);
  });

  it('refuses an index beyond the scheme rather than repeating a number', () => {
    expect(() => benchPhone(MAX_SUBSCRIBERS)).toThrow();
    expect(() => benchPhone(-1)).toThrow();
  });
});
