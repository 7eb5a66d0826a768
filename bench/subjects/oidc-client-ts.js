// oidc-client-ts 3.5.0: UserManager with its defaults (sessionStorage user store, query response
// mode). Its silent sign-in loads the app's own page in the iframe, which answers with
// signinCallback(): that page load is part of its design, so it is part of its figure.
import { UserManager } from 'oidc-client-ts';

let manager;
export async function create(c) {
  manager = new UserManager({
    authority: `${c.domain}/oidc`, client_id: c.appId, redirect_uri: c.redirectUri, silent_redirect_uri: c.redirectUri,
    scope: 'openid profile', automaticSilentRenew: false,
  });
}
export const read = () => manager.getUser();
export const silent = () => manager.signinSilent();
export const login = () => manager.signinRedirect();
export const isCallback = () => new URLSearchParams(location.search).has('code');
// The silent iframe lands on this same page: answering the parent is all it does there.
export const callback = () => (window.parent !== window ? manager.signinCallback() : manager.signinRedirectCallback());
