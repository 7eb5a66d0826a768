// A required path parameter left out: removeCredential needs `credentialID`.
import type { AuthenticationApi } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export const result = api.removeCredential({});
