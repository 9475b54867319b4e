/** Where to go after sign-in: a path of this console only (never `//elsewhere` or a URL), else the start page. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return '/';
  if (next.startsWith('/sign-in') || next.startsWith('/sign-out')) return '/';
  return next.slice(0, 2000);
}
