// Shipped size: the main class, bundled as an app would.
export { AuthingClient } from 'authing-wasm';
