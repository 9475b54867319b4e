import type { Response } from 'express';
import { serialize } from 'cookie';

/**
 * The session cookie: http-only, SameSite=Lax (the OIDC provider's redirect back is a top-level navigation from
 * another site, which Strict would strip), Secure, and `__Host-` so no subdomain can set or scope it. Browsers take a
 * Secure cookie from http://localhost and 127.0.0.1, so the dev stack keeps these settings too; a console served over
 * plain http elsewhere gets a plain cookie and a warning at start-up.
 */
export class SessionCookie {
  readonly name: string;
  readonly secure: boolean;

  constructor(publicUrl: string) {
    const url = new URL(publicUrl);
    this.secure = url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    this.name = this.secure ? '__Host-prespond-session' : 'prespond-session';
  }

  set(response: Response, token: string): void {
    response.append('set-cookie', serialize(this.name, token, { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/' }));
  }

  clear(response: Response): void {
    response.append('set-cookie', serialize(this.name, '', { httpOnly: true, secure: this.secure, sameSite: 'lax', path: '/', maxAge: 0 }));
  }
}
