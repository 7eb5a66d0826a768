// The local provider that `make demo` starts; for a real app, its Authing domain and App ID.
export default {
  domain: 'http://localhost:4000',
  appId: 'demo-app',
};
