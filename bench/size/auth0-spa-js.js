// Shipped size: the main class, bundled as an app would.
export { Auth0Client } from '@auth0/auth0-spa-js';
