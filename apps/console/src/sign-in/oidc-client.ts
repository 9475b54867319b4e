import * as oidc from 'openid-client';

/**
 * Sign-in with the company's OpenID Connect provider: the authorization code flow with PKCE (S256), scopes
 * `openid email profile`, over openid-client v6.
 *
 * A plain class rather than a Nest provider: it holds nothing but the discovered configuration, is built once by
 * an async factory (`discover`), and the integration spec of the OIDC sandbox drives it without a Nest module.
 * It keeps no state between `start` and `finish`: the caller keeps `state`, `nonce` and `codeVerifier` (in the
 * sign-in cookie, say) and hands them back, so any instance of the console can finish a sign-in another began.
 *
 * openid-client v6 is ESM-only: under Node ≥ 20.19 the compiled CommonJS `require`s it as is; jest transforms it
 * (see jest.config.js).
 */
export interface OidcClientOptions {
  /** The issuer identifier; its `/.well-known/openid-configuration` is fetched by `discover`. */
  issuer: string | URL;
  clientId: string;
  clientSecret: string;
  /** The console's callback, exactly as registered with the provider. */
  redirectUri: string;
  /**
   * Lets an `http:` issuer be used (the OIDC sandbox, local development). openid-client refuses plain http
   * otherwise; an `https:` issuer never needs it, so it is not relaxed for one.
   */
  allowHttp?: boolean;
  /**
   * How the client secret travels to the token endpoint; the provider accepts only the method the client was
   * registered with. `client_secret_basic` (the default) is the OIDC default for registrations.
   */
  tokenEndpointAuth?: 'client_secret_basic' | 'client_secret_post';
}

/** What `start` hands out: where to send the browser, and what `finish` needs back. */
export interface SignInStart {
  /** The provider's authorization URL, with the PKCE challenge, state and nonce. */
  url: string;
  state: string;
  nonce: string;
  /** The PKCE verifier: secret, kept by the console (never in a URL) until `finish`. */
  codeVerifier: string;
}

export type SignInExpectations = Pick<SignInStart, 'state' | 'nonce' | 'codeVerifier'>;

/** The person the provider vouched for. */
export interface SignedInPerson {
  issuer: string;
  /** `sub`: the provider's stable id of the person, unique per issuer (an email address can change hands). */
  subject: string;
  email: string;
  emailVerified: boolean;
  name?: string;
  /** The raw ID token: kept to pass as `id_token_hint` to `endSessionUrl` at sign-out. */
  idToken: string;
}

export type OidcSignInFailure = 'state_mismatch' | 'error_response' | 'missing_email' | 'rejected';

/** Why a sign-in could not be finished; `reason` lets the console choose what to tell the person. */
export class OidcSignInError extends Error {
  constructor(
    readonly reason: OidcSignInFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OidcSignInError';
  }
}

const SCOPE = 'openid email profile';

export class OidcClient {
  private constructor(
    private readonly config: oidc.Configuration,
    private readonly redirectUri: string,
  ) {}

  /** Fetches the provider's discovery document; throws when the provider cannot be reached or is refused. */
  static async discover(options: OidcClientOptions): Promise<OidcClient> {
    const issuer = new URL(options.issuer);
    const auth = options.tokenEndpointAuth === 'client_secret_post' ? oidc.ClientSecretPost : oidc.ClientSecretBasic;
    const insecure = issuer.protocol === 'http:' && options.allowHttp === true;
    const config = await oidc.discovery(issuer, options.clientId, undefined, auth(options.clientSecret), {
      execute: insecure ? [oidc.allowInsecureRequests] : [],
    });
    return new OidcClient(config, options.redirectUri);
  }

  /** The issuer as the provider names itself (the `iss` of its tokens). */
  get issuer(): string {
    return this.config.serverMetadata().issuer;
  }

  /** Begins a sign-in: fresh state, nonce and PKCE verifier, and the URL to redirect the browser to. */
  async start(): Promise<SignInStart> {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(this.config, {
      redirect_uri: this.redirectUri,
      scope: SCOPE,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, nonce, codeVerifier };
  }

  /**
   * Finishes a sign-in from the callback: checks the state, redeems the code with the PKCE verifier, verifies the
   * ID token (signature, issuer, audience, nonce) and reads the person's claims, from the UserInfo endpoint when the
   * ID token lacks the email (providers that follow OIDC Core strictly put scope claims only there).
   *
   * Only the query of `callbackUrl` is read: the token request names the configured redirect URI, so the console
   * may pass `new URL(req.originalUrl, 'http://localhost')` behind a proxy.
   */
  async finish(callbackUrl: URL, expected: SignInExpectations): Promise<SignedInPerson> {
    const params = callbackUrl.searchParams;
    // Checked here too (openid-client checks it again) for a clear reason: a forged or stale callback.
    if (params.get('state') !== expected.state) {
      throw new OidcSignInError('state_mismatch', 'the sign-in callback does not belong to this sign-in (state mismatch)');
    }
    if (params.has('error')) {
      const description = params.get('error_description');
      throw new OidcSignInError('error_response', `the provider refused the sign-in: ${params.get('error')}${description ? ` (${description})` : ''}`);
    }
    const current = new URL(this.redirectUri);
    current.search = callbackUrl.search;

    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(this.config, current, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new OidcSignInError('rejected', `the sign-in could not be completed: ${(error as Error).message}`, { cause: error });
    }
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new OidcSignInError('rejected', 'the provider returned no ID token');

    let profile: Record<string, unknown> = claims;
    if (typeof claims.email !== 'string') {
      try {
        profile = { ...claims, ...(await oidc.fetchUserInfo(this.config, tokens.access_token, claims.sub)) };
      } catch (error) {
        throw new OidcSignInError('rejected', `the provider's UserInfo could not be read: ${(error as Error).message}`, { cause: error });
      }
    }
    if (typeof profile.email !== 'string' || profile.email === '') {
      throw new OidcSignInError('missing_email', 'the provider did not say the email address (is the "email" scope granted?)');
    }
    return {
      issuer: claims.iss,
      subject: claims.sub,
      email: profile.email,
      // Some providers send the boolean as a string.
      emailVerified: profile.email_verified === true || profile.email_verified === 'true',
      name: typeof profile.name === 'string' ? profile.name : undefined,
      idToken: tokens.id_token,
    };
  }

  /**
   * The provider's RP-initiated logout URL (OIDC RP-Initiated Logout 1.0), or undefined when it has no
   * end_session_endpoint: then signing out of the console alone is all there is.
   */
  endSessionUrl(idTokenHint?: string, postLogoutRedirectUri?: string): string | undefined {
    if (!this.config.serverMetadata().end_session_endpoint) return undefined;
    const params: Record<string, string> = {};
    if (idTokenHint) params.id_token_hint = idTokenHint;
    if (postLogoutRedirectUri) params.post_logout_redirect_uri = postLogoutRedirectUri;
    return oidc.buildEndSessionUrl(this.config, params).href;
  }
}
