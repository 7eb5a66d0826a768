// Your Authing app: its domain and App ID (register this page's URL as a callback URL of the app).
// The defaults are the local provider of `make demo`; `VITE_AUTHING_DOMAIN=... npm run build` overrides them.
export const domain: string = import.meta.env.VITE_AUTHING_DOMAIN ?? 'http://localhost:4000';
export const appId: string = import.meta.env.VITE_AUTHING_APP_ID ?? 'vue-example';
