// Where the demo's provider lives: the local Authing-compatible provider that `make demo` starts.
// For a real Authing app, put its domain and App ID here and register this page's URL as a callback.
export default {
  domain: 'http://localhost:4000',
  appId: 'demo-app',
};
