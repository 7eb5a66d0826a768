// Browser stand-ins for the provider tests: a cookie jar over fetch, PKCE, and ID token checks.
// Plain Node (fetch, node:crypto): no browser, no extra packages.
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';

export const b64url = (buffer) => Buffer.from(buffer).toString('base64url');

export function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

/** Cookies by name with their path; enough for one loopback host. */
export class CookieJar {
  cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const attr = Object.fromEntries(attributes.map((a) => {
        const at = a.indexOf('=');
        return at < 0 ? [a.toLowerCase(), true] : [a.slice(0, at).toLowerCase(), a.slice(at + 1)];
      }));
      const path = attr.path ?? '/';
      const expired = value === '' || attr['max-age'] === '0'
        || (attr.expires && Date.parse(attr.expires) <= Date.now());
      const key = `${name};${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path, attributes: line });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter((c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** fetch without following redirects, sending and storing cookies. */
  async fetch(url, init = {}) {
    const headers = new Headers(init.headers);
    const cookie = this.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.store(response);
    return response;
  }

  /**
   * Follow redirects (as a browser would) until one leaves for `stopAt` (returned as a URL, not
   * fetched) or a page is returned. Returns { url, response? }.
   */
  async follow(url, stopAt, init) {
    let current = url;
    let response = await this.fetch(current, init);
    for (let hops = 0; hops < 20; hops++) {
      if (response.status < 300 || response.status >= 400) return { url: current, response };
      current = new URL(response.headers.get('location'), current).href;
      if (current.startsWith(stopAt)) return { url: current };
      response = await this.fetch(current);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

/** The first <form> of a page: its action (absolute) and its inputs (name -> value). */
export function parseForm(page, base) {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(page);
  if (!form) throw new Error(`no form in page:\n${page}`);
  const action = /action="([^"]*)"/i.exec(form[0])?.[1] ?? '';
  const inputs = {};
  for (const [tag] of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const name = /name="([^"]*)"/i.exec(tag)?.[1];
    if (name) inputs[name] = /value="([^"]*)"/i.exec(tag)?.[1] ?? '';
  }
  return { action: new URL(action.replaceAll('&amp;', '&'), base).href, inputs };
}

export function decodeJwt(jwt) {
  const [header, payload] = jwt.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url')));
  return { header, payload };
}

/** Verify an RS256 JWT against a JWKS; returns the payload or throws. */
export function verifyRs256(jwt, jwks) {
  const { header, payload } = decodeJwt(jwt);
  if (header.alg !== 'RS256') throw new Error(`alg ${header.alg}`);
  const jwk = jwks.keys.find((key) => key.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid}`);
  const [h, p, s] = jwt.split('.');
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return payload;
}

/**
 * Run /oidc/auth like a browser: follow redirects, fill the sign-in form when it shows, and stop at
 * the redirect URI. Resolves { callback: URL, code, state, nonce, verifier }.
 */
export async function signIn(jar, issuer, {
  clientId = 'demo-app', redirectUri, scope = 'openid profile email', prompt, username, password, extra = {},
}) {
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(12));
  const nonce = b64url(randomBytes(12));
  const params = new URLSearchParams({
    client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope, state, nonce,
    code_challenge: challenge, code_challenge_method: 'S256', ...(prompt ? { prompt } : {}), ...extra,
  });
  let step = await jar.follow(`${issuer}/auth?${params}`, redirectUri);
  if (step.response) {
    const form = parseForm(await step.response.text(), step.url);
    step = await jar.follow(form.action, redirectUri, {
      method: 'POST', body: new URLSearchParams({ username, password }),
    });
  }
  if (step.response) throw new Error(`sign-in stopped at ${step.url}:\n${await step.response.text()}`);
  const callback = new URL(step.url);
  return { callback, code: callback.searchParams.get('code'), state, nonce, verifier };
}

/** POST a form to the token endpoint (or revocation...). Resolves { status, body, headers }. */
export async function postForm(url, fields, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(fields) });
  const text = await response.text();
  let body = text;
  try {
    body = JSON.parse(text);
  } catch { /* not JSON: keep the text */ }
  return { status: response.status, body, headers: response.headers };
}
