// Command-line flags (with environment variables as fallback) of tests/provider/server.mjs.
import { parseArgs } from 'node:util';

import { IDENTITY_SOURCES } from './extidp.mjs';

export const DEFAULT_CLIENT = 'id=demo-app,'
  + 'redirect=http://localhost:5173/|http://localhost:5173/index.html|http://localhost:5173/callback.html,'
  + 'logout=http://localhost:5173/|http://localhost:5173/index.html';

export const USAGE = `usage: node tests/provider/server.mjs [options]

A local Authing-shaped OpenID provider (oidc-provider v9) with issuer http://HOST:PORT/oidc.

  --port N            PROVIDER_PORT         listen port; 0 picks a free one        (default 4000)
  --host NAME         PROVIDER_HOST         loopback host name, used in the issuer  (default localhost)
  --client SPEC       PROVIDER_CLIENTS      public SPA client; repeatable (env: ';'-separated)
                        SPEC = id=<client_id>,redirect=<uri>|<uri>...,logout=<uri>|<uri>...
                        [,extidps=github|wechat|none] (its identity sources; default both)
                        [,signup=on|off] (off: /api/v3/signup answers 2031; default on)
                        (default ${DEFAULT_CLIENT})
  --same-site MODE    PROVIDER_SAMESITE     lax | strict | none for the session and interaction
                        cookies (default lax). With none the cookies also get "Secure", which
                        browsers accept from http://localhost (a secure context) but not from
                        other http hosts.
  --access-ttl S      PROVIDER_ACCESS_TTL   access token lifetime, seconds          (default 3600)
  --id-ttl S          PROVIDER_ID_TTL       ID token lifetime, seconds              (default 3600)
  --refresh-ttl S     PROVIDER_REFRESH_TTL  refresh token lifetime, seconds         (default 1209600)
  --session-ttl S     PROVIDER_SESSION_TTL  sign-in session lifetime, seconds       (default 1209600)
  --verbose           PROVIDER_VERBOSE=1    one log line per request on stderr
  --issuer URL        PROVIDER_ISSUER       the issuer as browsers see it, when that is not
                        http://HOST:PORT/oidc: e.g. http://auth.bench.localhost/oidc for a host
                        the browser maps to this port (Chromium --host-resolver-rules); the path
                        is /oidc, with or without a trailing slash (auth0-spa-js expects one)
  --path-alias A=B    PROVIDER_PATH_ALIASES  serve path A as path B; repeatable (env: ';'-separated),
                        e.g. /oidc/authorize=/oidc/auth for a client with other endpoint paths
  --jwt-access-tokens PROVIDER_JWT_ACCESS_TOKENS=1  access tokens are RS256 JWTs (as Authing issues
                        them; @authing/web reads them) for the resource <origin>/api instead of
                        opaque tokens for /oidc/me (userinfo then refuses them)
  --qr-ttl S          PROVIDER_QR_TTL       lifetime of QR-code and push-login codes, seconds
                        (default 120); changeable at run time by POST /__test/qr-config {"ttl": S}
  --qr-web-tokens     PROVIDER_QR_WEB_TOKENS=1  an AUTHORIZED check-qrcode-status answer carries a
                        tokenSet besides the ticket (default off: ticket only)
  --passcode-cooldown S  PROVIDER_PASSCODE_COOLDOWN  seconds before a target can get another
                        verification code (default 60; 0: none); at run time POST
                        /__test/passcode-config {"cooldown": S}
  --passcode-ttl S    PROVIDER_PASSCODE_TTL  lifetime of verification codes, seconds (default 300);
                        at run time POST /__test/passcode-config {"ttl": S}
  --help              this text

Test user: test@example.com / Passw0rd! (sub user-test-1, phone +15555550100).
Special accounts: locked@example.com (sign-in answers 2005), mfa@example.com / Passw0rd! (1636).
Test endpoints (JSON, loopback only): GET /__test/stats, POST /__test/reset.

Sign-in, codes and sign-up (Authing /api/v3; x-authing-app-id required but for /api/v3/system;
errors are HTTP 200 envelopes {statusCode, apiCode, message, requestId}):
  POST /api/v3/signin {connection: PASSWORD|PASSCODE, passwordPayload | passCodePayload, options}
       2333 wrong password (5 of them for one identifier: 429 until reset), 2005 locked, 1636 MFA,
       2004 no such account (PASSCODE), 2001 wrong or expired code, 40003 LDAP/AD
  GET  /api/v3/system                          the RSA key for passwordEncryptType rsa
  POST /api/v3/send-sms {phoneNumber, channel, phoneCountryCode?}, POST /api/v3/send-email
       {email, channel}: a 6-digit code for 5 minutes, once; 429 within the cooldown
  POST /api/v3/signup {connection: PASSWORD|PASSCODE, ...}: 2026 taken, 2029 short password,
       2031 signup=off, 2001 code (CHANNEL_REGISTER)
  GET  /__test/passcodes                       {"<target>": {code, channel, expiresAt, used}}
  POST /__test/passcodes/expire                every code expires now
  POST /__test/passcode-config {cooldown, ttl}
Identity sources: GET /api/v3/get-application-enabled-extidps, /assets/extidp/<identifier>.svg,
  GET /api/v3/signin-by-extidp (to /oidc/auth); /oidc/auth?ext_idp_conn_id=local-github|local-wechat
  shows a simulated consent page (#extidp-authorize, #extidp-deny); /__test/stats adds extidp_*.

QR-code and push login (Authing /api/v3; every request needs x-authing-app-id = a client id;
errors are HTTP 200 envelopes {statusCode 401|400|404, apiCode, message, requestId}):
  POST /api/v3/gene-qrcode, GET /api/v3/check-qrcode-status?qrcodeId=,
  POST /api/v3/exchange-tokenset-with-qrcode-ticket, POST /api/v3/signin-by-push,
  GET /api/v3/check-pushcode-status?pushCodeId=
  Phone pages: /phone?qrcodeId=ID (#phone-scan, #phone-confirm, #phone-cancel),
               /phone/push?pushCodeId=ID (#push-approve, #push-deny)
  GET|POST /__test/qr     {qrcodeId?, action: scan|confirm|cancel|expire, webTokens?}
  GET|POST /__test/push   {pushCodeId?, action: approve|cancel|expire}   (id omitted: newest code)
  POST /__test/qr-faults  {failStatus: N, retryAfter: S}: the next status poll answers 429 with
                          Retry-After: S, the N after it HTTP 500
  POST /__test/qr-config  {ttl: S, webTokens: bool, expiresField: expire_in|expires_in|both}
  /__test/stats adds qr_gene, qr_status, qr_status_times (ms), qr_exchange, push_signin,
  push_status, push_status_times, api_preflight, api_app_rejected, qr_fault, phone_page, phone_action.
Prints "ready http://HOST:PORT/oidc" on stdout once listening (with --issuer:
"ready ISSUER listening http://HOST:PORT").`;

const SAME_SITE = new Set(['lax', 'strict', 'none']);

/** extidps=a|b or none -> the identifiers of the client's identity sources (default: all of them). */
function parseExtIdps(value, spec) {
  if (value === undefined) return Object.keys(IDENTITY_SOURCES);
  if (value === 'none') return [];
  const identifiers = value.split('|').map((s) => s.trim()).filter(Boolean);
  const unknown = identifiers.filter((identifier) => !IDENTITY_SOURCES[identifier]);
  if (unknown.length || !identifiers.length) {
    throw new Error(`--client extidps= wants ${Object.keys(IDENTITY_SOURCES).join('|')} or none, got ${value}: ${spec}`);
  }
  return [...new Set(identifiers)];
}

/** on | off -> true | false. */
function parseSwitch(name, value, spec) {
  if (value !== 'on' && value !== 'off') throw new Error(`--client ${name}= wants on or off, got ${value}: ${spec}`);
  return value === 'on';
}

/** Parse one client spec `id=..,redirect=a|b,logout=c|d[,extidps=..][,signup=on|off]` into client settings. */
export function parseClient(spec) {
  const fields = {};
  for (const part of spec.split(',')) {
    const at = part.indexOf('=');
    if (at < 1) throw new Error(`bad --client part ${JSON.stringify(part)} in ${spec}`);
    fields[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  const list = (value) => (value ? value.split('|').map((uri) => uri.trim()).filter(Boolean) : []);
  const client = {
    id: fields.id,
    redirect: list(fields.redirect),
    logout: list(fields.logout),
    extidps: parseExtIdps(fields.extidps, spec),
    signup: parseSwitch('signup', fields.signup ?? 'on', spec),
  };
  if (!client.id) throw new Error(`--client needs id=: ${spec}`);
  if (!client.redirect.length) throw new Error(`--client needs at least one redirect=: ${spec}`);
  for (const uri of [...client.redirect, ...client.logout]) new URL(uri); // throws on a bad URI
  return client;
}

function seconds(name, value, { zero = false } = {}) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < (zero ? 0 : 1)) throw new Error(`--${name} wants a ${zero ? 'whole' : 'positive'} number of seconds, got ${value}`);
  return n;
}

/** An explicit issuer: an http(s) URL at Authing's /oidc path. */
function parseIssuer(value) {
  if (value === undefined) return undefined;
  const url = URL.parse(value);
  if (!url || !/^https?:$/.test(url.protocol) || !/^\/oidc\/?$/.test(url.pathname) || url.search || url.hash) {
    throw new Error(`--issuer wants http(s)://HOST[:PORT]/oidc (or /oidc/), got ${value}`);
  }
  return value;
}

/** `/a=/b` pairs -> Map of path -> path served instead. */
function parseAliases(specs) {
  return new Map(specs.map((spec) => {
    const [from, to, extra] = spec.split('=');
    if (!from?.startsWith('/') || !to?.startsWith('/') || extra !== undefined) {
      throw new Error(`--path-alias wants /path=/other-path, got ${spec}`);
    }
    return [from, to];
  }));
}

/** Flags win over environment variables, which win over defaults. */
export function parseOptions(argv, env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      client: { type: 'string', multiple: true },
      'same-site': { type: 'string' },
      'access-ttl': { type: 'string' },
      'id-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      'session-ttl': { type: 'string' },
      verbose: { type: 'boolean' },
      'qr-ttl': { type: 'string' },
      'qr-web-tokens': { type: 'boolean' },
      issuer: { type: 'string' },
      'path-alias': { type: 'string', multiple: true },
      'jwt-access-tokens': { type: 'boolean' },
      'passcode-cooldown': { type: 'string' },
      'passcode-ttl': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const pick = (flag, envName, fallback) => values[flag] ?? env[envName] ?? fallback;

  const clientSpecs = values.client
    ?? (env.PROVIDER_CLIENTS ? env.PROVIDER_CLIENTS.split(';').filter((s) => s.trim()) : [DEFAULT_CLIENT]);
  const sameSite = pick('same-site', 'PROVIDER_SAMESITE', 'lax').toLowerCase();
  if (!SAME_SITE.has(sameSite)) throw new Error(`--same-site wants lax, strict or none, got ${sameSite}`);
  const port = Number(pick('port', 'PROVIDER_PORT', '4000'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad --port ${port}`);

  return {
    help: !!values.help,
    port,
    host: pick('host', 'PROVIDER_HOST', 'localhost'),
    clients: clientSpecs.map(parseClient),
    sameSite,
    accessTtl: seconds('access-ttl', pick('access-ttl', 'PROVIDER_ACCESS_TTL', '3600')),
    idTtl: seconds('id-ttl', pick('id-ttl', 'PROVIDER_ID_TTL', '3600')),
    refreshTtl: seconds('refresh-ttl', pick('refresh-ttl', 'PROVIDER_REFRESH_TTL', '1209600')),
    sessionTtl: seconds('session-ttl', pick('session-ttl', 'PROVIDER_SESSION_TTL', '1209600')),
    verbose: values.verbose ?? ['1', 'true', 'yes'].includes(env.PROVIDER_VERBOSE ?? ''),
    qrTtl: seconds('qr-ttl', pick('qr-ttl', 'PROVIDER_QR_TTL', '120')),
    qrWebTokens: values['qr-web-tokens'] ?? ['1', 'true', 'yes'].includes(env.PROVIDER_QR_WEB_TOKENS ?? ''),
    issuer: parseIssuer(pick('issuer', 'PROVIDER_ISSUER', undefined)),
    pathAliases: parseAliases(values['path-alias'] ?? (env.PROVIDER_PATH_ALIASES ?? '').split(';').filter(Boolean)),
    jwtAccessTokens: values['jwt-access-tokens'] ?? ['1', 'true', 'yes'].includes(env.PROVIDER_JWT_ACCESS_TOKENS ?? ''),
    passcodeCooldown: seconds('passcode-cooldown', pick('passcode-cooldown', 'PROVIDER_PASSCODE_COOLDOWN', '60'), { zero: true }),
    passcodeTtl: seconds('passcode-ttl', pick('passcode-ttl', 'PROVIDER_PASSCODE_TTL', '300')),
  };
}
