// Shipped size: the main class, bundled as an app would.
export { Authing } from '@authing/web';
