// @auth0/auth0-spa-js 2.28.3 with its defaults (memory cache, iframe for silent renewal).
import { Auth0Client } from '@auth0/auth0-spa-js';

let auth0;
export async function create(c) {
  auth0 = new Auth0Client({ domain: `${c.domain}/oidc`, clientId: c.appId, authorizationParams: { redirect_uri: c.redirectUri } });
}
export const read = () => auth0.getTokenSilently();
export const silent = () => auth0.getTokenSilently({ cacheMode: 'off' });
export const login = () => auth0.loginWithRedirect();
export const isCallback = () => new URLSearchParams(location.search).has('code');
export const callback = () => auth0.handleRedirectCallback();
