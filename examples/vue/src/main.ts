import { createApp } from 'vue';
import { createAuthing } from 'authing-wasm/vue';

import App from './App.vue';
import { appId, domain } from './config.ts';

createApp(App)
  .use(createAuthing({ domain, appId, redirectUri: `${location.origin}/`, cacheLocation: 'localStorage' }))
  .mount('#app');
