import { Inject, Injectable, Logger } from '@nestjs/common';
import { OidcIdentity } from '../accounts/accounts.service';
import { CONSOLE_CONFIG, ConsoleConfig } from '../config/env';
import { PendingSignIn } from '../sessions/sessions.repository';
import { OidcClient } from './oidc-client';

/** The path the OIDC provider sends people back to (register `<CONSOLE_URL>/sign-in/sso/callback` with it). */
export const SSO_CALLBACK_PATH = '/sign-in/sso/callback';

/**
 * Sign-in with the company's OpenID Connect provider (authorization code flow with PKCE, through openid-client).
 * The provider's discovery document is read at the first sign-in and again after a failure, so a provider that was
 * down at start-up does not keep the console from starting.
 */
@Injectable()
export class SsoService {
  private readonly logger = new Logger('SSO');
  private client?: Promise<OidcClient>;

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  get enabled(): boolean {
    return Boolean(this.config.oidc);
  }

  /** What the sign-in button calls the provider. */
  get provider(): string {
    return this.config.oidc?.displayName ?? '';
  }

  private connect(): Promise<OidcClient> {
    const oidc = this.config.oidc;
    if (!oidc) throw new Error('no OIDC provider is configured (OIDC_ISSUER)');
    this.client ??= OidcClient.discover({
      issuer: oidc.issuer,
      clientId: oidc.clientId,
      clientSecret: oidc.clientSecret,
      redirectUri: `${this.config.publicUrl}${SSO_CALLBACK_PATH}`,
      allowHttp: new URL(oidc.issuer).protocol === 'http:',
    }).catch((error) => {
      this.client = undefined;
      this.logger.warn(`the OIDC provider's discovery failed: ${(error as Error).message}`);
      throw error;
    });
    return this.client;
  }

  /** The provider's sign-in URL, and what the callback must match (kept in the session). */
  async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const client = await this.connect();
    const { url, state, nonce, codeVerifier } = await client.start();
    return { url, pending: { state, nonce, codeVerifier, next: next || '/' } };
  }

  /** Checks the provider's answer (state, nonce, PKCE, the ID token) and says who signed in. */
  async finish(callbackUrl: URL, pending: PendingSignIn): Promise<OidcIdentity> {
    const client = await this.connect();
    return client.finish(callbackUrl, pending);
  }
}
