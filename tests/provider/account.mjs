// The accounts of the local provider and the claims each scope releases: the test user, two fixture
// accounts whose API sign-in never completes (LOCKED_USER, MFA_USER; see password.mjs), and the
// accounts registered by POST /api/v3/signup (passcode.mjs), kept in memory until /__test/reset
// (resetAccounts). Registered accounts are real: oidc-provider's findAccount, the sign-in form and
// both /api/v3/signin connections find them.

export const TEST_USER = Object.freeze({
  username: 'test@example.com',
  password: 'Passw0rd!',
  sub: 'user-test-1',
});

/** /api/v3/signin answers 2005 (locked) for this account, whatever the password. */
export const LOCKED_USER = Object.freeze({ email: 'locked@example.com', sub: 'user-locked-1' });
/** /api/v3/signin answers 1636 (MFA required) for this account's right password. */
export const MFA_USER = Object.freeze({ email: 'mfa@example.com', password: 'Passw0rd!', sub: 'user-mfa-1' });

const fixture = (sub, password, claims, state = {}) => Object.freeze({ sub, password, claims: Object.freeze({ sub, ...claims }), ...state });

const FIXTURES = [
  fixture(TEST_USER.sub, TEST_USER.password, {
    name: 'Test User',
    preferred_username: 'testuser',
    email: TEST_USER.username,
    email_verified: true,
    phone_number: '+15555550100',
    phone_number_verified: false,
    // No picture: the claim is advertised under "profile" but this user has none.
  }),
  fixture(LOCKED_USER.sub, TEST_USER.password, {
    name: 'Locked User', preferred_username: 'locked', email: LOCKED_USER.email, email_verified: true,
  }, { locked: true }),
  fixture(MFA_USER.sub, MFA_USER.password, {
    name: 'MFA User', preferred_username: 'mfa', email: MFA_USER.email, email_verified: true,
  }, { mfaFactors: Object.freeze(['OTP']) }),
];

let registered = [];
const allAccounts = () => [...FIXTURES, ...registered];

/** Which claims each scope releases (oidc-provider `claims` configuration). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'picture'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

const lower = (value) => String(value ?? '').trim().toLowerCase();

/**
 * The names each identifier field of Authing's payloads matches (case-insensitive): `account` any
 * of them; `username` the preferred username or the email (the sign-in form's username is the
 * email); `phone` the full phone number (+<country code><number>).
 */
const NAMES = {
  account: (claims) => [claims.email, claims.preferred_username, claims.phone_number],
  email: (claims) => [claims.email],
  username: (claims) => [claims.preferred_username, claims.email],
  phone: (claims) => [claims.phone_number],
};

/**
 * The account that `value` names as a `field` identifier (account | email | username | phone), or
 * undefined: { sub, password?, claims, locked?, mfaFactors?, profile? (registered accounts) }.
 */
export function findByIdentifier(field, value) {
  const wanted = lower(value);
  if (!wanted || !NAMES[field]) return undefined;
  return allAccounts().find((account) => NAMES[field](account.claims).some((name) => name !== undefined && lower(name) === wanted));
}

/** An email as accounts store it (trimmed, lower case), or undefined when it does not look like one. */
export function normaliseEmail(value) {
  const email = lower(value);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/**
 * A phone as accounts store it, { full: '+<code><number>', number, countryCode? }, or undefined when
 * it does not look like one. A number that starts with + is already full (the country code is then
 * not used); otherwise `countryCode` (+ optional) goes in front, '+86' when absent (Authing's
 * default). Spaces and dashes are dropped.
 */
export function normalisePhone(number, countryCode) {
  if (typeof number !== 'string' || (countryCode !== undefined && typeof countryCode !== 'string')) return undefined;
  const digits = number.replace(/[\s-]/g, '');
  if (!/^\+?\d{5,15}$/.test(digits)) return undefined;
  if (digits.startsWith('+')) return { full: digits, number: digits };
  const code = (countryCode ?? '+86').trim();
  if (!/^\+?\d{1,4}$/.test(code)) return undefined;
  const prefix = code.startsWith('+') ? code : `+${code}`;
  return { full: `${prefix}${digits}`, number: digits, countryCode: prefix };
}

const defined = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));

/**
 * Registers an account (POST /api/v3/signup): `profile` = { username?, email?, phone?: the
 * normalisePhone result, password?, nickname?, emailVerified, phoneVerified, clientId }. Its sub is
 * user-signup-N (N from 1 after each reset); its name claim the nickname, else the username, email
 * or phone. Returns the account.
 */
export function registerAccount(profile) {
  const sub = `user-signup-${registered.length + 1}`;
  const account = Object.freeze({
    sub,
    password: profile.password,
    createdAt: new Date().toISOString(),
    profile: Object.freeze({ ...profile }),
    claims: Object.freeze(defined({
      sub,
      name: profile.nickname ?? profile.username ?? profile.email ?? profile.phone?.full,
      preferred_username: profile.username,
      email: profile.email,
      email_verified: profile.email ? profile.emailVerified : undefined,
      phone_number: profile.phone?.full,
      phone_number_verified: profile.phone ? profile.phoneVerified : undefined,
    })),
  });
  registered.push(account);
  return account;
}

/** Forgets every registered account (POST /__test/reset). */
export function resetAccounts() {
  registered = [];
}

/**
 * The account id for the sign-in form's username/password pair, or undefined: the email or
 * username of an account with that password whose sign-in completes (not LOCKED_USER or MFA_USER).
 */
export function authenticate(username, password) {
  const account = typeof username === 'string' ? findByIdentifier('username', username) : undefined;
  const matches = account && !account.locked && !account.mfaFactors && account.password !== undefined && password === account.password;
  return matches ? account.sub : undefined;
}

/** oidc-provider `findAccount`. */
export async function findAccount(_ctx, sub) {
  const account = allAccounts().find((candidate) => candidate.sub === sub);
  if (!account) return undefined;
  return {
    accountId: sub,
    // oidc-provider filters these by the granted scopes/claims.
    async claims() {
      return { ...account.claims };
    },
  };
}
