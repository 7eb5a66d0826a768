// Every HTML page the local provider shows. Plain HTML with inline styles only: nothing is loaded
// from anywhere else (oidc-provider's own pages import web fonts from the internet).

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const html = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);

// JSON that is safe inside <script>: no "</script>", no "<!--", no line separators.
const scriptJson = (value) => JSON.stringify(value)
  .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const STYLE = 'body{font-family:system-ui,sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}'
  + 'label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.4rem;box-sizing:border-box}'
  + 'button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}';

/** Writes an HTML page, never cached. Resolves true (the "handled" value of the API modules). */
export function sendHtml(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
  return true;
}

export function layout(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** The sign-in form. Field names and the button id are part of the test contract. */
export function loginPage({ action, abortUrl, clientId, username = '', error }) {
  return layout('Sign in', `<h1>Sign in</h1>
<p>to <strong id="client-id">${html(clientId)}</strong></p>
${error ? `<p class="error" id="login-error" role="alert">${html(error)}</p>` : ''}
<form method="post" action="${html(action)}" id="login-form">
  <label>Username <input name="username" id="username" type="text" autocomplete="username" value="${html(username)}" autofocus></label>
  <label>Password <input name="password" id="password" type="password" autocomplete="current-password"></label>
  <button type="submit" id="login-submit">Sign in</button>
</form>
<p><a href="${html(abortUrl)}" id="login-cancel">Cancel</a></p>`);
}

const errorList = (out) => Object.entries(out)
  .map(([key, value]) => `<dt>${html(key)}</dt><dd id="error-${html(key)}">${html(value)}</dd>`).join('\n');

/** oidc-provider `renderError`: `out` holds error, error_description (and state). */
export function errorPage(out) {
  return layout('Error', `<h1>Something went wrong</h1>\n<dl>\n${errorList(out)}\n</dl>`);
}

/**
 * The simulated consent page of a third-party identity source (extidp.mjs): `source` is its
 * ExtIdpInfoDto. The form POSTs decision=authorize|deny to `action`; the ids are the test contract.
 */
export function extIdpConsentPage({ action, source, clientId, account, error }) {
  return layout(`Sign in with ${source.name_en} (simulated)`, `<h1><img src="${html(source.logo)}" alt="" width="32" height="32"> Sign in with ${html(source.name_en)} (simulated)</h1>
<p><strong id="extidp-client">${html(clientId)}</strong> asks ${html(source.name_en)} to sign you in as <strong id="extidp-account">${html(account)}</strong>.</p>
${error ? `<p class="error" id="extidp-error" role="alert">${html(error)}</p>` : ''}
<form method="post" action="${html(action)}" id="extidp-form">
  <button type="submit" name="decision" value="authorize" id="extidp-authorize">Authorize</button>
  <button type="submit" name="decision" value="deny" id="extidp-deny">Deny</button>
</form>`);
}

/**
 * A sign-in request that named no identity source of its app: the error, then the authorization
 * ends at once (the form submits itself, as logoutPage's does) so the app gets it.
 */
export function extIdpErrorPage({ action, out }) {
  return layout('Error', `<h1>Something went wrong</h1>
<dl>
${errorList(out)}
</dl>
<form method="post" action="${html(action)}" id="extidp-error-form">
  <noscript><button type="submit" id="extidp-error-continue">Back to the application</button></noscript>
</form>
<script>document.getElementById('extidp-error-form').submit();</script>`);
}

/**
 * Logout confirmation that confirms itself: `form` is oidc-provider's hidden form (with the xsrf
 * token); we add logout=yes (end the whole session) and submit it on load, as Authing does.
 */
export function logoutPage(form) {
  const withLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  return layout('Signing out', `<h1>Signing out…</h1>
${withLogout}
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script>document.getElementById('op.logoutForm').submit();</script>`);
}

export function signedOutPage(clientId) {
  return layout('Signed out', `<h1 id="signed-out">Signed out</h1>
<p>You have been signed out${clientId ? ` of <strong>${html(clientId)}</strong>` : ''}.</p>`);
}

/**
 * response_mode=web_message: post the authorization response (or error) to the window that opened
 * this popup, or to the parent of this iframe, at the redirect URI's origin only; a popup then
 * closes itself.
 */
export function webMessagePage(response, targetOrigin) {
  return layout('Authorization response', `<p>Returning to the application…</p>
<script>
(function () {
  var message = { type: 'authorization_response', response: ${scriptJson(response)} };
  var target = window.opener || window.parent;
  target.postMessage(message, ${scriptJson(targetOrigin)});
  if (window.opener) window.close();
})();
</script>`);
}

// Device flow pages (the feature is off; these only replace the defaults that load web fonts).
export function deviceInputPage(form, error) {
  return layout('Device sign-in', `<h1>Enter the code shown on your device</h1>
${error ? `<p class="error" role="alert">${html(error)}</p>` : ''}
${form}
<button type="submit" form="op.deviceInputForm">Continue</button>`);
}

export function deviceConfirmPage(form, userCode) {
  return layout('Device sign-in', `<h1>Confirm code ${html(userCode)}</h1>
${form}
<button type="submit" form="op.deviceConfirmForm">Continue</button>`);
}

export function deviceSuccessPage() {
  return layout('Device signed in', '<h1>Done</h1><p>You can return to your device.</p>');
}
