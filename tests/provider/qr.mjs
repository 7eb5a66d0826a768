// Authing's QR-code and push login (/api/v3) for the local provider, with a "phone" to approve them.
// Mounted by server.mjs: `server.qr = createQrLogin({ options, server })`, then
// `if (await server.qr.handle(req, res, pathname)) return;` and `extendTestRoutes(TEST_ROUTES)`.
//
// API (spec/authentication-openapi.json; every answer is an envelope
// { statusCode, message, apiCode?, requestId, data } that validates against the spec through Prism):
//   POST /api/v3/gene-qrcode {type, extIdpConnId?, customData?, context?, autoMergeQrCode?}
//        -> data { qrcodeId, url, customLogoUrl }; url = http://HOST:PORT/phone?qrcodeId=ID (the
//        phone page, what the QR encodes).
//   GET  /api/v3/check-qrcode-status?qrcodeId=ID -> data { status, briefUserInfo?, ticket?, tokenSet? }
//        PENDING -> SCANNED (briefUserInfo {displayName, photo}) -> AUTHORIZED (ticket; tokenSet too
//        when "web tokens" are on) | CANCELLED | EXPIRED. A code expires by itself --qr-ttl seconds
//        after it was made, unless it reached AUTHORIZED or CANCELLED first.
//   POST /api/v3/exchange-tokenset-with-qrcode-ticket {ticket} -> data = LoginTokenResponseDataDto
//        { access_token, id_token, refresh_token, token_type, expire_in, scope }: real tokens of this
//        provider (tokens.mjs). A ticket works once, for TICKET_TTL_S, for the app that made the code.
//   POST /api/v3/signin-by-push {account, options?: {scope}} -> data { pushCodeId, expireTime }
//        (expireTime: the code's lifetime in seconds, = --qr-ttl); account = the test user's email,
//        username or phone number.
//   GET  /api/v3/check-pushcode-status?pushCodeId=ID -> data { status, tokenSet? }
//        PUSHED -> AUTHORIZED (tokenSet) | CANCELLED | EXPIRED.
//
// Errors: always HTTP 200 with an error envelope { statusCode, message, apiCode, requestId } and no
// `data` (Authing's convention: the SDKs read statusCode from the body; Authing's own SDKs use
// axios, which would throw on HTTP 4xx before reading it). Through Prism an error envelope is always
// flagged "must have required property 'data'": the spec documents only the success shape.
//   statusCode 401 / apiCode 40101  no x-authing-app-id header
//   statusCode 401 / apiCode 40102  x-authing-app-id names no registered client
//   statusCode 400 / apiCode 40001  bad request body or query (missing/invalid field)
//   statusCode 404 / apiCode 40401  unknown qrcodeId / pushCodeId (or one of another app)
//   statusCode 400 / apiCode 40002  ticket unknown, already used, expired or of another app
//   statusCode 400 / apiCode 2004   push: no such account
// (apiCodes are this provider's own numbers.) HTTP 500 / 429 only come from /__test/qr-faults.
// CORS: loopback origins only; preflights for every /api/v3 path allow GET, POST and the headers
// in ALLOWED_HEADERS; Retry-After is exposed.
//
// Phone (plain HTML forms, no script): GET /phone?qrcodeId=ID with buttons #phone-scan,
// #phone-confirm, #phone-cancel (status in #phone-status); GET /phone/push?pushCodeId=ID with
// #push-approve, #push-deny. Buttons that do not apply to the current status are disabled.
//
// Test endpoints (JSON, loopback only; see TEST_ROUTES below): /__test/qr, /__test/push,
// /__test/qr-faults, /__test/qr-config; /__test/stats gains the counters of stats(); /__test/reset
// also forgets every code, ticket, fault and runtime setting.
import { randomBytes, randomUUID } from 'node:crypto';

import { findAccount, TEST_USER } from './account.mjs';
import { APP_ERRORS, corsHeaders, jsonObjectBody, requireAppId, sendData, sendError, sendJson } from './envelope.mjs';
import { html, layout } from './pages.mjs';
import { extendModuleTestRoutes } from './stats.mjs';
import { mintTokenSet } from './tokens.mjs';
import { isLoopbackOrigin, readBody } from '../support/http.mjs';

export const ALLOWED_HEADERS = [
  'x-authing-app-id', 'content-type', 'authorization', 'x-authing-userpool-id', 'x-authing-app-tenant-id',
  'x-authing-lang',
];
export const DEFAULT_SCOPE = 'openid profile email phone offline_access';
export const TICKET_TTL_S = 300;
const QR_TYPES = new Set(['MOBILE_APP', 'WECHAT_MINIPROGRAM', 'WECHAT_OFFICIAL_ACCOUNT']);
const FINAL = new Set(['AUTHORIZED', 'CANCELLED', 'EXPIRED', 'ERROR']);
/** The query parameter (and error wording) that names a code of each kind. */
const ID_PARAM = { qr: 'qrcodeId', push: 'pushCodeId' };

const ERRORS = {
  ...APP_ERRORS, // appIdMissing 40101, appUnknown 40102, badRequest 40001 (envelope.mjs)
  notFound: [404, 40401, 'no such code'],
  ticketInvalid: [400, 40002, 'ticket is invalid, expired or already used'],
  accountNotFound: [400, 2004, 'account not found'],
};

const newId = (bytes = 18) => randomBytes(bytes).toString('base64url');

/** A fresh counters object (merged into GET /__test/stats). */
const initialStats = () => ({
  qr_gene: 0,
  qr_status: 0,
  qr_status_times: [], // Date.now() at the arrival of each check-qrcode-status request
  qr_exchange: 0,
  push_signin: 0,
  push_status: 0,
  push_status_times: [],
  api_preflight: 0,
  api_app_rejected: 0,
  qr_fault: { 500: 0, 429: 0 },
  phone_page: 0,
  phone_action: 0,
});

/**
 * @param {{ options: object, server: { issuer: string, provider: object, keyRing: object } }} deps
 *        options: parsed by config.mjs (qrTtl, qrWebTokens, idTtl, clients...); server: server.mjs's
 *        state, read at each request (the issuer and provider change after start and key rotation).
 */
export function createQrLogin({ options, server }) {
  const codes = new Map(); // id -> code (QR and push alike; kind tells them apart)
  const tickets = new Map(); // ticket -> { code, accountId, expiresAt, used }
  let counts = initialStats();
  let faults = { failStatus: 0, retryAfter: undefined };
  const defaults = () => ({
    ttl: options.qrTtl ?? 120,
    webTokens: options.qrWebTokens ?? false,
    expiresField: 'expire_in',
  });
  let config = defaults();

  const origin = () => new URL(server.issuer).origin;

  // --- state ---------------------------------------------------------------------------------

  /** The code's status now: a PENDING/SCANNED/PUSHED code past its lifetime becomes EXPIRED. */
  function current(code) {
    if (!FINAL.has(code.status) && Date.now() >= code.expiresAt) code.status = 'EXPIRED';
    return code;
  }

  function newest(kind) {
    let last;
    for (const code of codes.values()) if (code.kind === kind) last = code;
    return last;
  }

  async function mint(code) {
    return mintTokenSet({
      provider: server.provider,
      signingKey: server.keyRing.jwks().keys[0],
      clientId: code.clientId,
      accountId: code.accountId,
      scope: code.scope,
      gty: code.kind === 'qr' ? 'qrcode' : 'push',
      idTtl: options.idTtl,
    });
  }

  /** The token set as sent: the spec's expire_in, or expires_in / both (see /__test/qr-config). */
  function tokenSetOut(tokens) {
    const { expire_in: lifetime, ...rest } = tokens;
    const out = { ...rest };
    if (config.expiresField !== 'expires_in') out.expire_in = lifetime;
    if (config.expiresField !== 'expire_in') out.expires_in = lifetime;
    return out;
  }

  const briefUserInfo = () => ({ displayName: 'Test User', photo: `${origin()}/phone/avatar.svg` });

  // Transitions; each returns { ok, status, ... } (ok: false with an error when it does not apply).
  const QR_ACTIONS = {
    scan: { from: ['PENDING'], to: 'SCANNED', run: (code) => { code.scanned = true; } },
    confirm: {
      from: ['SCANNED'],
      to: 'AUTHORIZED',
      async run(code, { webTokens }) {
        code.ticket = newId(24);
        tickets.set(code.ticket, { code, expiresAt: Date.now() + TICKET_TTL_S * 1000, used: false });
        if (webTokens ?? code.webTokens ?? config.webTokens) code.tokenSet = await mint(code);
      },
    },
    cancel: { from: ['PENDING', 'SCANNED'], to: 'CANCELLED' },
    expire: { from: ['PENDING', 'SCANNED'], to: 'EXPIRED' },
  };
  const PUSH_ACTIONS = {
    approve: { from: ['PUSHED'], to: 'AUTHORIZED', async run(code) { code.tokenSet = await mint(code); } },
    cancel: { from: ['PUSHED'], to: 'CANCELLED' },
    expire: { from: ['PUSHED'], to: 'EXPIRED' },
  };

  async function act(kind, id, action, extra = {}) {
    const code = id ? codes.get(id) : newest(kind);
    if (!code || code.kind !== kind) return { ok: false, error: `no such ${ID_PARAM[kind]} ${id ?? '(none made yet)'}` };
    const actions = kind === 'qr' ? QR_ACTIONS : PUSH_ACTIONS;
    const step = actions[action];
    if (!step) return { ok: false, error: `unknown action ${JSON.stringify(action)}`, actions: Object.keys(actions) };
    const { status } = current(code);
    if (!step.from.includes(status)) {
      return { ok: false, id: code.id, status, error: `cannot ${action} a code that is ${status} (needs ${step.from.join(' or ')})` };
    }
    if (code.busy) return { ok: false, id: code.id, status, error: 'another action on this code is under way' };
    // Mint first, then switch: a poll never sees AUTHORIZED without its ticket or tokenSet.
    code.busy = true;
    try {
      await step.run?.(code, extra);
    } finally {
      code.busy = false;
    }
    code.status = step.to;
    code.changedAt = Date.now();
    return { ok: true, id: code.id, status: code.status, ...(code.ticket ? { ticket: code.ticket } : {}) };
  }

  // --- HTTP helpers ---------------------------------------------------------------------------

  /** An error envelope (envelope.mjs's sendError) for ERRORS[kind]. */
  const fail = (req, res, kind, detail) => sendError(req, res, ERRORS[kind], detail);

  /**
   * The caller's code named by the query parameter of its kind (ID_PARAM), its status brought up to
   * date; undefined once an error envelope is sent (parameter missing, or no such code of this app).
   */
  function requestedCode(req, res, kind, { clientId, query }) {
    const param = ID_PARAM[kind];
    const id = query.get(param);
    if (!id) {
      fail(req, res, 'badRequest', `${param} is required`);
      return undefined;
    }
    const code = codes.get(id);
    if (!code || code.kind !== kind || code.clientId !== clientId) {
      fail(req, res, 'notFound', param);
      return undefined;
    }
    return current(code);
  }

  /** /__test/qr-faults: the next status polls fail (retryAfter first, then failStatus 500s). */
  function statusFault(req, res) {
    if (faults.retryAfter !== undefined) {
      const seconds = faults.retryAfter;
      faults.retryAfter = undefined;
      counts.qr_fault[429] += 1;
      return sendJson(req, res, 429, { statusCode: 429, message: 'too many requests (test fault)', requestId: randomUUID() }, {
        'Retry-After': String(seconds),
      });
    }
    if (faults.failStatus > 0) {
      faults.failStatus -= 1;
      counts.qr_fault[500] += 1;
      return sendJson(req, res, 500, { statusCode: 500, message: 'internal error (test fault)', requestId: randomUUID() });
    }
    return false;
  }

  // --- /api/v3 ------------------------------------------------------------------------------

  const API = {
    async 'POST /api/v3/gene-qrcode'(req, res, { clientId }) {
      counts.qr_gene += 1;
      const body = await jsonObjectBody(req);
      if (!body) return fail(req, res, 'badRequest', 'the body must be a JSON object');
      if (!QR_TYPES.has(body.type)) return fail(req, res, 'badRequest', `type must be one of ${[...QR_TYPES].join(', ')}`);
      if (body.type !== 'MOBILE_APP' && typeof body.extIdpConnId !== 'string') {
        return fail(req, res, 'badRequest', `type ${body.type} needs extIdpConnId`);
      }
      const now = Date.now();
      const code = {
        kind: 'qr',
        id: newId(),
        type: body.type,
        clientId,
        accountId: TEST_USER.sub, // whoever scans: there is one user
        scope: DEFAULT_SCOPE,
        status: 'PENDING',
        createdAt: now,
        expiresAt: now + config.ttl * 1000,
        customData: body.customData,
        context: body.context,
      };
      codes.set(code.id, code);
      return sendData(req, res, {
        qrcodeId: code.id,
        url: `${origin()}/phone?qrcodeId=${encodeURIComponent(code.id)}`,
        customLogoUrl: `${origin()}/phone/logo.svg`,
      });
    },

    'GET /api/v3/check-qrcode-status'(req, res, request) {
      const code = requestedCode(req, res, 'qr', request);
      if (!code) return true;
      const { status } = code;
      const data = { status };
      if (code.scanned && ['SCANNED', 'AUTHORIZED', 'CANCELLED'].includes(status)) data.briefUserInfo = briefUserInfo();
      if (status === 'AUTHORIZED') {
        data.ticket = code.ticket;
        if (code.tokenSet) data.tokenSet = tokenSetOut(code.tokenSet);
      }
      return sendData(req, res, data);
    },

    async 'POST /api/v3/exchange-tokenset-with-qrcode-ticket'(req, res, { clientId }) {
      counts.qr_exchange += 1;
      const body = await jsonObjectBody(req);
      if (!body || typeof body.ticket !== 'string' || !body.ticket) return fail(req, res, 'badRequest', 'ticket is required');
      const ticket = tickets.get(body.ticket);
      if (!ticket || ticket.used || Date.now() >= ticket.expiresAt || ticket.code.clientId !== clientId) {
        return fail(req, res, 'ticketInvalid');
      }
      ticket.used = true; // before any await: a ticket works once, even for concurrent requests
      return sendData(req, res, tokenSetOut(await mint(ticket.code)));
    },

    async 'POST /api/v3/signin-by-push'(req, res, { clientId }) {
      counts.push_signin += 1;
      const body = await jsonObjectBody(req);
      if (!body || typeof body.account !== 'string' || !body.account) return fail(req, res, 'badRequest', 'account is required');
      const accountId = await accountFor(body.account);
      if (!accountId) return fail(req, res, 'accountNotFound', body.account);
      const scope = typeof body.options?.scope === 'string' && body.options.scope.split(' ').includes('openid')
        ? body.options.scope : DEFAULT_SCOPE;
      const now = Date.now();
      const code = {
        kind: 'push',
        id: newId(),
        clientId,
        account: body.account,
        accountId,
        scope,
        status: 'PUSHED',
        createdAt: now,
        expiresAt: now + config.ttl * 1000,
      };
      codes.set(code.id, code);
      return sendData(req, res, { pushCodeId: code.id, expireTime: config.ttl });
    },

    'GET /api/v3/check-pushcode-status'(req, res, request) {
      const code = requestedCode(req, res, 'push', request);
      if (!code) return true;
      const { status } = code;
      return sendData(req, res, status === 'AUTHORIZED' ? { status, tokenSet: tokenSetOut(code.tokenSet) } : { status });
    },
  };

  /** The test user's id when `account` is its email, username or phone number. */
  async function accountFor(account) {
    const claims = await (await findAccount(undefined, TEST_USER.sub)).claims();
    const wanted = account.trim().toLowerCase();
    const names = [claims.email, claims.preferred_username, claims.phone_number].map((v) => String(v).toLowerCase());
    return names.includes(wanted) ? TEST_USER.sub : undefined;
  }

  async function handleApi(req, res, pathname, query) {
    if (req.method === 'OPTIONS') {
      counts.api_preflight += 1;
      res.writeHead(204, {
        ...corsHeaders(req),
        ...(isLoopbackOrigin(req.headers.origin) ? {
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': ALLOWED_HEADERS.join(', '),
          'Access-Control-Max-Age': '600',
        } : {}),
      });
      res.end();
      return true;
    }
    const key = `${req.method} ${pathname}`;
    // Counted and timed at arrival, faulted or not, so tests can see every poll.
    if (key === 'GET /api/v3/check-qrcode-status') {
      counts.qr_status += 1;
      counts.qr_status_times.push(Date.now());
    } else if (key === 'GET /api/v3/check-pushcode-status') {
      counts.push_status += 1;
      counts.push_status_times.push(Date.now());
    }
    if (key.startsWith('GET /api/v3/check-') && statusFault(req, res)) return true;

    const clientId = requireAppId(req, res, options.clients);
    if (!clientId) {
      counts.api_app_rejected += 1;
      return true;
    }
    const route = API[key];
    if (!route) return false; // not ours: server.mjs answers (404)
    return route(req, res, { clientId, query });
  }

  // --- the phone ------------------------------------------------------------------------------

  function sendHtml(res, status, body) {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
    return true;
  }

  function buttons(actions, status, prefix, labels) {
    return Object.entries(labels).map(([action, [id, label]]) => {
      const applies = actions[action].from.includes(status);
      return `<button type="submit" name="action" value="${action}" id="${prefix}-${id}"${applies ? '' : ' disabled'}>${label}</button>`;
    }).join('\n  ');
  }

  function qrPage(code, error) {
    const { status } = current(code);
    return layout('Phone: QR login', `<h1>Phone</h1>
<p>Sign in to <strong id="phone-app">${html(code.clientId)}</strong> as <strong>${html(TEST_USER.username)}</strong>?</p>
<p>QR code <code id="phone-code">${html(code.id)}</code>: <strong id="phone-status">${html(status)}</strong></p>
${error ? `<p class="error" id="phone-error" role="alert">${html(error)}</p>` : ''}
<form method="post" action="/phone?qrcodeId=${html(encodeURIComponent(code.id))}">
  ${buttons(QR_ACTIONS, status, 'phone', { scan: ['scan', 'Scan'], confirm: ['confirm', 'Confirm'], cancel: ['cancel', 'Cancel'] })}
</form>`);
  }

  function pushPage(code, error) {
    const { status } = current(code);
    return layout('Phone: push login', `<h1>Phone</h1>
<p><strong id="push-app">${html(code.clientId)}</strong> asks to sign in as <strong id="push-account">${html(code.account)}</strong>.</p>
<p>Push code <code id="push-code">${html(code.id)}</code>: <strong id="push-status">${html(status)}</strong></p>
${error ? `<p class="error" id="push-error" role="alert">${html(error)}</p>` : ''}
<form method="post" action="/phone/push?pushCodeId=${html(encodeURIComponent(code.id))}">
  ${buttons(PUSH_ACTIONS, status, 'push', { approve: ['approve', 'Approve'], cancel: ['deny', 'Deny'] })}
</form>`);
  }

  const AVATAR = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    + '<circle cx="32" cy="32" r="32" fill="#4a6cf7"/><text x="32" y="41" font-size="26" text-anchor="middle" '
    + 'fill="#fff" font-family="sans-serif">TU</text></svg>';
  const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    + '<rect width="64" height="64" rx="12" fill="#222"/><path d="M16 44 32 16 48 44Z" fill="#fff"/></svg>';

  async function handlePhone(req, res, pathname, query) {
    if (req.method === 'GET' && (pathname === '/phone/avatar.svg' || pathname === '/phone/logo.svg')) {
      res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
      res.end(pathname.endsWith('avatar.svg') ? AVATAR : LOGO);
      return true;
    }
    const kind = pathname === '/phone' ? 'qr' : pathname === '/phone/push' ? 'push' : undefined;
    if (!kind || (req.method !== 'GET' && req.method !== 'POST')) return false;
    const param = ID_PARAM[kind];
    const render = kind === 'qr' ? qrPage : pushPage;
    const id = query.get(param);
    const code = id && codes.get(id);
    if (!code || code.kind !== kind) {
      return sendHtml(res, 404, layout('Phone', `<h1>Phone</h1><p class="error" id="phone-error">No such ${param}: ${html(id ?? '(none)')}</p>`));
    }
    if (req.method === 'GET') {
      counts.phone_page += 1;
      return sendHtml(res, 200, render(code));
    }
    counts.phone_action += 1;
    const action = new URLSearchParams(await readBody(req)).get('action');
    const result = await act(kind, code.id, action);
    if (!result.ok) return sendHtml(res, 409, render(code, result.error));
    res.writeHead(303, { Location: `${pathname}?${param}=${encodeURIComponent(code.id)}`, 'Cache-Control': 'no-store' });
    res.end();
    return true;
  }

  // --- test endpoints ------------------------------------------------------------------------

  const listCodes = (kind) => [...codes.values()].filter((code) => code.kind === kind).map((code) => ({
    id: code.id,
    clientId: code.clientId,
    status: current(code).status,
    createdAt: code.createdAt,
    expiresAt: code.expiresAt,
    ...(code.kind === 'push' ? { account: code.account } : {}),
  }));

  return {
    /** Serve /api/v3/*, /phone and /phone/*; resolves false for anything else. */
    async handle(req, res, pathname) {
      const query = new URL(req.url, 'http://localhost').searchParams;
      if (pathname.startsWith('/api/v3/')) return handleApi(req, res, pathname, query);
      if (pathname === '/phone' || pathname.startsWith('/phone/')) return handlePhone(req, res, pathname, query);
      return false;
    },
    stats: () => structuredClone(counts),
    reset() {
      codes.clear();
      tickets.clear();
      counts = initialStats();
      faults = { failStatus: 0, retryAfter: undefined };
      config = defaults();
    },
    act,
    listCodes,
    setFaults(body) {
      const failStatus = Number(body.failStatus ?? 0);
      if (!Number.isInteger(failStatus) || failStatus < 0) return { ok: false, error: 'failStatus wants a count >= 0' };
      const retryAfter = body.retryAfter === undefined ? undefined : Number(body.retryAfter);
      if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
        return { ok: false, error: 'retryAfter wants whole seconds >= 0' };
      }
      faults = { failStatus, retryAfter };
      return { ok: true, faults: { ...faults } };
    },
    setConfig(body) {
      const next = { ...config };
      if (body.ttl !== undefined) {
        if (!(Number.isInteger(body.ttl) && body.ttl > 0)) return { ok: false, error: 'ttl wants whole seconds > 0' };
        next.ttl = body.ttl;
      }
      if (body.webTokens !== undefined) next.webTokens = !!body.webTokens;
      if (body.expiresField !== undefined) {
        if (!['expire_in', 'expires_in', 'both'].includes(body.expiresField)) {
          return { ok: false, error: 'expiresField wants expire_in, expires_in or both' };
        }
        next.expiresField = body.expiresField;
      }
      config = next;
      return { ok: true, config: { ...config } };
    },
  };
}

const jsonOf = async (req) => JSON.parse((await readBody(req)) || '{}');

/**
 * Test endpoints of this module (each gets (req, server) like server.mjs's TEST_ROUTES):
 *   GET  /__test/qr    -> { codes: [{ id, clientId, status, createdAt, expiresAt }] } oldest first
 *   POST /__test/qr    { qrcodeId?, action: scan|confirm|cancel|expire, webTokens? } -> { ok, id, status,
 *        ticket? } (qrcodeId omitted: the newest code; webTokens on confirm: put a tokenSet in the
 *        AUTHORIZED answer for this code, whatever the server setting)
 *   GET  /__test/push  -> { codes: [...] };  POST /__test/push { pushCodeId?, action: approve|cancel|expire }
 *   POST /__test/qr-faults { failStatus?: N, retryAfter?: S } -> the next check-qrcode-status /
 *        check-pushcode-status request answers 429 with Retry-After: S (once), the N after it HTTP 500.
 *        Replaces the pending faults; {} clears them.
 *   POST /__test/qr-config { ttl?: S, webTokens?: bool, expiresField?: expire_in|expires_in|both }
 *        changes, until reset, the lifetime of new codes, the "web tokens" setting and the name of
 *        the lifetime field in token sets (the spec's expire_in by default).
 */
export const QR_TEST_ROUTES = {
  'GET /__test/qr': (_req, server) => ({ codes: server.qr.listCodes('qr') }),
  'POST /__test/qr': async (req, server) => {
    const { qrcodeId, action, webTokens } = await jsonOf(req);
    return server.qr.act('qr', qrcodeId, action, { webTokens });
  },
  'GET /__test/push': (_req, server) => ({ codes: server.qr.listCodes('push') }),
  'POST /__test/push': async (req, server) => {
    const { pushCodeId, action } = await jsonOf(req);
    return server.qr.act('push', pushCodeId, action);
  },
  'POST /__test/qr-faults': async (req, server) => server.qr.setFaults(await jsonOf(req)),
  'POST /__test/qr-config': async (req, server) => server.qr.setConfig(await jsonOf(req)),
};

/**
 * Add QR_TEST_ROUTES to server.mjs's TEST_ROUTES, and wrap its stats and reset routes so that
 * /__test/stats also shows this module's counters and /__test/reset also resets this module.
 */
export function extendTestRoutes(routes) {
  extendModuleTestRoutes(routes, 'qr', QR_TEST_ROUTES);
}
