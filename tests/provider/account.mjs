// The one test user of the local provider, and the claims it releases per scope.

export const TEST_USER = Object.freeze({
  username: 'test@example.com',
  password: 'Passw0rd!',
  sub: 'user-test-1',
});

const CLAIMS = Object.freeze({
  sub: TEST_USER.sub,
  name: 'Test User',
  preferred_username: 'testuser',
  email: TEST_USER.username,
  email_verified: true,
  phone_number: '+15555550100',
  phone_number_verified: false,
  // No picture: the claim is advertised under "profile" but this user has none.
});

/** Which claims each scope releases (oidc-provider `claims` configuration). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username', 'picture'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** The account id for a username/password pair, or undefined. */
export function authenticate(username, password) {
  const matches = typeof username === 'string'
    && username.trim().toLowerCase() === TEST_USER.username
    && password === TEST_USER.password;
  return matches ? TEST_USER.sub : undefined;
}

/** oidc-provider `findAccount`. */
export async function findAccount(_ctx, sub) {
  if (sub !== TEST_USER.sub) return undefined;
  return {
    accountId: sub,
    // oidc-provider filters these by the granted scopes/claims.
    async claims() {
      return { ...CLAIMS };
    },
  };
}
