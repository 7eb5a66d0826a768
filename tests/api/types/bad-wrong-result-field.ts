// Reading a field the result does not have: the token set has `expire_in`, not `expires_in` (the spec's spelling).
import type { AuthenticationApi } from '../../../js/api/types.js';

declare const api: AuthenticationApi;

export async function read(): Promise<number | undefined> {
  const tokens = await api.signInByCredentials({ connection: 'PASSWORD' });
  return tokens.expires_in;
}
