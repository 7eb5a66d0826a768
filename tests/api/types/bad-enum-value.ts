// A value outside the enum: `connection` is 'PASSWORD' | 'PASSCODE' | 'LDAP' | 'AD'.
import type { AuthenticationApi } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export const result = api.signInByCredentials({ connection: 'SAML' });
