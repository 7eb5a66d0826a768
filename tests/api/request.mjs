// The generated operation table (js/api/operations.ts) read as data, and a Node `call(name, input)`
// that sends what `authing.api[name](input)` sends: the same table, the same split of `input` into
// path, query and body, the same headers. The contract test validates these requests against Prism
// before the SDK's runtime exists, and then the SDK's own requests in Chromium.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const TABLE_FILE = fileURLToPath(new URL('../../js/api/operations.ts', import.meta.url));

/** js/api/operations.ts's OPERATIONS: its object literal is pure data (strings, numbers, arrays). */
export function loadOperationTable(file = TABLE_FILE) {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('= {', text.indexOf('export const OPERATIONS'));
  const end = text.indexOf('\n};', start);
  if (start < 0 || end < 0) throw new Error(`${file}: no OPERATIONS table`);
  const literal = text.slice(start + 2, end + 2);
  if (!/^[\s\w:'",[\]{}./\-$]*$/.test(literal)) throw new Error(`${file}: OPERATIONS is not plain data`);
  return Function(`"use strict"; return (${literal});`)();
}

export const FLAG = {
  JsonBody: 1, FormBody: 2, MultipartBody: 4, Bearer: 8, AppId: 16, UserPool: 32, Tenant: 64, Envelope: 128, Tokens: 256,
};

/** A value as it goes in a URL or a form: strings as they are, anything else as JSON (as the SDK does). */
const text = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * The fetch() arguments for one operation.
 * @param {readonly [string, string, number, string[]?, string[]?]} op  a row of the table
 * @param {Record<string, unknown>} input
 * @param {{ baseUrl: string, appId?: string, accessToken?: string, userPoolId?: string, tenantId?: string }} ctx
 */
export function buildRequest(op, input = {}, ctx) {
  const [method, template, flags, query = [], pathParams = []] = op;
  const path = template.replace(/\{([^}]+)\}/g, (_, name) => {
    if (input[name] === undefined || input[name] === null) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(text(input[name]));
  });
  const search = new URLSearchParams();
  for (const name of query) if (input[name] !== undefined && input[name] !== null) search.append(name, text(input[name]));
  const qs = search.toString();
  const url = `${ctx.baseUrl}${path}${qs ? `?${qs}` : ''}`;

  const headers = { 'x-authing-app-id': ctx.appId ?? 'test-app-id' };
  if (flags & FLAG.Bearer) headers.authorization = `Bearer ${ctx.accessToken ?? 'test-token'}`;
  if (flags & FLAG.UserPool) headers['x-authing-userpool-id'] = ctx.userPoolId ?? 'test-userpool-id';
  if (flags & FLAG.Tenant) headers['x-authing-app-tenant-id'] = ctx.tenantId ?? 'test-tenant-id';

  let body;
  if (flags & (FLAG.JsonBody | FLAG.FormBody | FLAG.MultipartBody)) {
    const rest = Object.entries(input).filter(([k, v]) => !query.includes(k) && !pathParams.includes(k) && v !== undefined);
    if (flags & FLAG.MultipartBody) {
      body = new FormData();
      for (const [k, v] of rest) body.append(k, v instanceof Blob ? v : text(v));
    } else if (flags & FLAG.FormBody) {
      body = new URLSearchParams(rest.map(([k, v]) => [k, text(v)]));
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(Object.fromEntries(rest));
    }
  }
  return { url, init: { method, headers, body, redirect: 'manual' } };
}

/** Prism's verdict on a status: 422 (invalid), 401 (credentials), 404/405 (no such operation), 415 (content type) refuse. */
export const REFUSED = new Set([401, 404, 405, 415, 422]);

/**
 * Sends one operation from Node; resolves `{ status, contentType, body, violations, url }` (body parsed
 * when JSON). Never throws for HTTP statuses.
 */
export async function nodeCall(table, name, input, ctx) {
  const op = table[name];
  if (!op) throw new Error(`no operation ${name} in js/api/operations.ts`);
  const { url, init } = buildRequest(op, input, ctx);
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const contentType = res.headers.get('content-type') ?? '';
  const raw = await res.text();
  let body = raw;
  if (/json/.test(contentType) && raw) {
    try { body = JSON.parse(raw); } catch { /* keep the text */ }
  }
  let violations = [];
  try { violations = JSON.parse(res.headers.get('sl-violations') ?? '[]'); } catch { /* ignore */ }
  return { status: res.status, contentType, body, violations, url };
}
