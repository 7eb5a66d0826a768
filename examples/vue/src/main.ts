import { createApp } from 'vue';
import { createRouter, createWebHashHistory } from 'vue-router';
import { createAuthGuard, createAuthing } from 'authing-wasm/vue';

import App from './App.vue';
import Home from './views/Home.vue';
import Profile from './views/Profile.vue';
import { appId, domain } from './config.ts';

const authing = createAuthing({
  domain,
  appId,
  redirectUri: `${location.origin}/`,
  logoutRedirectUri: `${location.origin}/`,
  cacheLocation: 'localStorage',
  // Back from a guarded route's sign-in: to that route.
  onRedirectCallback: (appState) => void router.replace((appState as { returnTo?: string } | undefined)?.returnTo ?? '/'),
});

// Hash history: any static server can serve the app (no rewrite of /profile to index.html needed).
const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', component: Home },
    { path: '/profile', component: Profile, beforeEnter: createAuthGuard(authing) },
  ],
});

createApp(App).use(authing).use(router).mount('#app');
