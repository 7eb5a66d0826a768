// @authing/web 5.1.21, Authing's own browser SDK, with its defaults (localStorage, fragment callback).
import { Authing } from '@authing/web';

let authing;
export async function create(c) {
  authing = new Authing({ domain: c.domain, appId: c.appId, redirectUri: c.redirectUri, userPoolId: 'bench-pool' });
}
export const read = () => authing.getLoginState();
export const silent = () => authing.getLoginState({ ignoreCache: true });
export const login = () => authing.loginWithRedirect();
export const isCallback = () => authing.isRedirectCallback();
export const callback = () => authing.handleRedirectCallback();
