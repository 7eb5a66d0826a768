// Two apps of one Authing user pool, told apart by the port they are served on. `make demo` serves
// app A on :5174 and app B on :5175 (reach B as 127.0.0.1:5175 to see the cross-site case).
export default {
  domain: 'http://localhost:4000',
  apps: {
    5174: { appId: 'sso-app-a', name: 'App A' },
    5175: { appId: 'sso-app-b', name: 'App B' },
  },
};
