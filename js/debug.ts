// The `debug` option's words: each effect the executor performs, the engine's decisions among them
// (`log`, src/engine/mod.rs `Step`), and each HTTP answer. Loaded only by a client created with
// `debug`, so that apps that do not log do not download it. No line carries a token, a code or a
// secret: the engine never puts one in a decision's detail, and URLs are cut at their query.
import { T, type Effect } from './executor/effects.js';

/** What the driver hands the log: an effect it performs, or the answer to request `req`. */
export type LogRecord = Effect | [t: T.Answer, req: number, status: number | 'timeout' | 'network'];

const LOGIN_REQUIRED = 'login_required: Authing has no session this page can see. Either the user is signed out '
  + "at Authing, or the browser keeps Authing's cookie from a third-party iframe (app and domain on different "
  + 'sites): then a silent check answers null, and the popup or redirect sign-in still works.';

const STEPS: Record<number, (detail: string) => string> = {
  1: (d) => `ignored a message from ${d}: not Authing's origin`,
  2: () => "ignored a message from Authing's origin that came from another window than the sign-in's popup or iframe",
  3: () => "ignored a message from the sign-in's window that is not an authorization response",
  4: () => 'ignored an authorization response of another sign-in (its state differs)',
  5: (d) => `Authing answered the sign-in: ${d === 'code' ? 'a code, which is exchanged at the token endpoint' : d === 'login_required' ? LOGIN_REQUIRED : d}`,
  6: () => 'the stored session is fresh: answered without a request',
  7: () => 'a renewal is under way in this tab: waiting for it',
  8: () => 'renewing the session, under the cross-tab lock',
  9: () => 'another tab held the lock: waiting up to 500 ms for the session it got',
  10: () => 'renewing with the refresh token',
  11: () => 'renewing by silent sign-in in a hidden iframe (prompt=none): there is no refresh token',
  12: (d) => (d ? `the renewal failed: ${d}` : 'the renewal got a session'),
  13: (d) => `ID token claims checked (iss, aud, azp, exp, iat, nonce, auth_time); signature: ${d === 'HS256' ? 'HS256, the app secret, not checkable in a browser: accepted from the token endpoint over TLS' : `${d}, checked with Authing's published key`}`,
  14: () => 'dropped the stored session, which does not read (corrupt, or another SDK version wrote it)',
  15: (d) => (d ? `another tab says: ${d}` : "ignored a message on the channel that is none of the SDK's"),
};

/** A URL as a log line may show it: without its query or fragment (state, nonce, codes). */
const cut = (url: string) => url.split(/[?#]/)[0];

/**
 * One client's log: each record worded and printed by `console.debug` (`debug: true`) or handed to
 * the app's function (whose errors are its own: they do not reach the SDK).
 */
export function logger(debug: true | ((line: string) => void)): (record: LogRecord) => void {
  const print = debug === true ? (line: string) => console.debug(`[authing-wasm] ${line}`) : debug;
  const words = describer();
  return (record) => {
    const line = words(record);
    try {
      if (line) print(line);
    } catch { /* the app's logger */ }
  };
}

/** One client's wording: it remembers where each request went, for the line of its answer. */
function describer(): (record: LogRecord) => string | undefined {
  const sent = new Map<number, string>();
  return (r) => {
    switch (r[0]) {
      case T.Log: return STEPS[r[1]]?.(r[2]) ?? `step ${r[1]} ${r[2]}`;
      case T.Send:
        sent.set(r[1], cut(r[3]));
        return `→ ${r[2]} ${cut(r[3])}`;
      case T.Answer: {
        const [, req, status] = r;
        const url = sent.get(req);
        sent.delete(req);
        const what = status === 'timeout' ? 'no answer in time from' : status === 'network' ? 'the network failed for' : `${status} from`;
        return url && `← ${what} ${url}`;
      }
      case T.Navigate: return `→ leaving for ${cut(r[1])}`;
      case T.NavigateWindow: return `→ the popup opens ${cut(r[2])}`;
      case T.OpenFrame: return `→ a hidden iframe opens ${cut(r[2])}`;
      case T.Emit: return `event ${r[1]}`;
      case T.Resolve: return `call ${r[1]} done`;
      case T.Reject: return `call ${r[1]} failed: ${(r[2] as { code?: string }).code}`;
      default: return undefined;
    }
  };
}
