// authing-wasm, as an app uses it: the package installed from the packed tarball.
import { AuthingClient } from 'authing-wasm';

let client;
export async function create(c) {
  client = await AuthingClient.create({ domain: c.domain, appId: c.appId, redirectUri: c.redirectUri });
}
export const read = () => client.getAccessToken();
export const silent = () => client.getLoginState({ ignoreCache: true });
export const login = () => client.loginWithRedirect();
export const isCallback = () => client.isRedirectCallback();
export const callback = () => client.handleRedirectCallback();
