// The engines' calls by number, in the order of `calls` in src/engine/wire.rs (numbers cost the wasm
// less than names). A const enum: the numbers are inlined, so this file ships nothing.
export const enum Call {
  LoginWithRedirect, LoginWithPopup, IsRedirectCallback, HandleRedirectCallback, GetLoginState, GetAccessToken,
  RefreshToken, Start, Bearer, StoreTokenSet, GetUserInfo, Logout, LogoutWithRedirect, StartPolling, Api,
}
