// Shipped size: the main class, bundled as an app would.
export { UserManager } from 'oidc-client-ts';
