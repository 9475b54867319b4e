import { Role } from '@prespond/platform';

/** A person who signs in to the console. */
export interface StaffAccount {
  id: string;
  /** Lower-cased; what they sign in with, and the name the services' audit trails record. */
  email: string;
  name: string;
  role: Role;
  /** argon2id; null for people who sign in only through the OIDC provider, or who have not accepted an invitation. */
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  invitationExpiresAt: Date | null;
  failedSignIns: number;
  lockedUntil: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
  createdBy: string;
  lastSignInAt: Date | null;
}

/** How a person may get in, as the people page shows it. */
export function signInMethods(account: StaffAccount): string[] {
  const password = Boolean(account.passwordHash || account.invitationExpiresAt);
  return [password ? 'password' : '', account.oidcSubject || !password ? 'sso' : ''].filter(Boolean);
}
