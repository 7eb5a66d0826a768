// The physical-limit reference: the hand-written flows of reference-flow.js, no SDK around them.
import { redirectCallback, silentSignIn, startRedirect } from './reference-flow.js';

let config;
let tokens = null;
export async function create(c) {
  config = c;
}
export const read = () => tokens?.access_token;
export const silent = async () => (tokens = await silentSignIn(config));
export const login = () => startRedirect(config);
export const isCallback = () => new URLSearchParams(location.search).has('code');
export const callback = async () => (tokens = await redirectCallback(config));
