// Authing's /api/v3 answer conventions for the local provider's API modules (qr.mjs, password.mjs,
// passcode.mjs, extidp.mjs): HTTP 200 envelopes { statusCode, message, apiCode?, requestId, data? },
// loopback-only CORS, JSON bodies and the x-authing-app-id check. Errors are HTTP 200 with
// statusCode/apiCode in the body, every answer has a requestId.
import { randomUUID } from 'node:crypto';

import { isLoopbackOrigin, readBody } from '../support/http.mjs';

/** The errors every API module answers ([statusCode, apiCode, message]; see sendError). */
export const APP_ERRORS = {
  appIdMissing: [401, 40101, 'x-authing-app-id header is missing: send the application (client) id'],
  appUnknown: [401, 40102, 'x-authing-app-id names no application of this user pool'],
  badRequest: [400, 40001, 'invalid request'],
};

/** CORS headers for a loopback Origin (none otherwise). */
export function corsHeaders(req) {
  const { origin } = req.headers;
  if (!isLoopbackOrigin(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
}

/** Writes `body` as JSON; resolves true (the "handled" value of the API modules). */
export function sendJson(req, res, httpStatus, body, headers = {}) {
  res.writeHead(httpStatus, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...corsHeaders(req),
    ...headers,
  });
  res.end(JSON.stringify(body));
  return true;
}

/** A success envelope around `data`. */
export const sendData = (req, res, data) => sendJson(req, res, 200, {
  statusCode: 200, message: 'success', requestId: randomUUID(), data,
});

/** A success envelope of an operation whose answer has no `data` (SendSMSRespDto, SendEmailRespDto). */
export const sendDone = (req, res) => sendJson(req, res, 200, { statusCode: 200, message: '', requestId: randomUUID() });

/**
 * An error envelope (HTTP 200): `error` is [statusCode, apiCode, message] (apiCode undefined: none
 * is sent); `detail` is appended to the message. No `data`, unless given (the MFA answer carries
 * one, as Authing's does). Resolves true.
 */
export function sendError(req, res, [statusCode, apiCode, message], detail, data) {
  return sendJson(req, res, 200, {
    statusCode,
    apiCode,
    message: detail ? `${message}: ${detail}` : message,
    requestId: randomUUID(),
    ...(data === undefined ? {} : { data }),
  });
}

/** A JSON object (not null, not an array). */
export const isObject = (value) => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * What a module's request checks return when they refuse: { error: [error, detail?, data?] }, the
 * arguments of sendError after (req, res).
 */
export const failure = (error, detail, data) => ({ error: [error, detail, data] });

/** The request's JSON object body, or undefined (empty, unparsable, or not an object). */
export async function jsonObjectBody(req) {
  const text = await readBody(req);
  try {
    const value = JSON.parse(text || 'null');
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The x-authing-app-id check: the header's client id when it names one of `clients` (read at each
 * request: options.clients), else undefined once an appIdMissing / appUnknown envelope is sent.
 */
export function requireAppId(req, res, clients) {
  const clientId = req.headers['x-authing-app-id'];
  if (!clientId) {
    sendError(req, res, APP_ERRORS.appIdMissing);
    return undefined;
  }
  if (!new Set(clients.map((client) => client.id)).has(clientId)) {
    sendError(req, res, APP_ERRORS.appUnknown, clientId);
    return undefined;
  }
  return clientId;
}

/**
 * Serves `routes['<METHOD> <pathname>'](req, res, clientId)` once the x-authing-app-id check
 * passed (requireAppId); resolves false when no route matches (the request is someone else's).
 */
export async function serveWithAppId(routes, req, res, pathname, clients) {
  const route = routes[`${req.method} ${pathname}`];
  if (!route) return false;
  const clientId = requireAppId(req, res, clients);
  return clientId ? route(req, res, clientId) : true;
}
