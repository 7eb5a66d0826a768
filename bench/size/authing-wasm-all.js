// Shipped size of everything: every entry point of the package (frameworks left to the app).
export * from 'authing-wasm';
export * from 'authing-wasm/button';
export * from 'authing-wasm/qr';
export * from 'authing-wasm/encrypt';
export * from 'authing-wasm/webauthn';
export * as react from 'authing-wasm/react';
export * as vue from 'authing-wasm/vue';
