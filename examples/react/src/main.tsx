import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthingProvider } from 'authing-wasm/react';

import { App } from './App.tsx';
import { appId, domain } from './config.ts';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AuthingProvider
      domain={domain}
      appId={appId}
      redirectUri={`${location.origin}/`}
      logoutRedirectUri={`${location.origin}/`}
      cacheLocation="localStorage"
    >
      <App />
    </AuthingProvider>
  </StrictMode>,
);
