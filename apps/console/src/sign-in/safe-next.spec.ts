import { safeNext } from './safe-next';

describe('where sign-in returns to', () => {
  it('is a path of the console', () => {
    expect(safeNext('/incidents/42?done=declared')).toBe('/incidents/42?done=declared');
  });

  it('is never another site, a protocol-relative URL, or the sign-in page itself', () => {
    for (const next of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '/sign-in?next=/x', '/sign-out', undefined, 42, '/a\nb']) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
