/** Every rejection of the SDK is an `AuthingError` with one of these codes (see the README). */
export type ErrorCode =
  | 'login_required' | 'consent_required' | 'interaction_required' | 'account_selection_required'
  | 'popup_blocked' | 'popup_closed' | 'timeout' | 'aborted'
  | 'state_mismatch' | 'invalid_callback' | 'id_token_invalid' | 'oauth_error' | 'api_error'
  | 'network_error' | 'qr_expired' | 'qr_cancelled' | 'config_error' | 'storage_error';

export interface AuthingErrorDetails {
  /** The OAuth `error` from the provider (for `oauth_error` and the `*_required` codes). */
  error?: string;
  errorDescription?: string;
  statusCode?: number;
  apiCode?: number;
  requestId?: string;
  /** The `data` of an API error envelope, when Authing sent one (its MFA answer: the `mfaToken`). */
  data?: unknown;
}

export class AuthingError extends Error implements AuthingErrorDetails {
  readonly code: ErrorCode;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly statusCode?: number;
  readonly apiCode?: number;
  readonly requestId?: string;
  readonly data?: unknown;

  constructor(code: ErrorCode, message: string, details: AuthingErrorDetails = {}) {
    super(message);
    this.name = 'AuthingError';
    this.code = code;
    Object.assign(this, details);
  }

  /**
   * Wraps what the wasm side rejected with (a plain `{ code, message, details, ... }`, `message`
   * the line of `words` that `details` fill), or anything else.
   */
  static from(e: unknown, words?: string[]): AuthingError {
    if (e instanceof AuthingError) return e;
    if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string' && !(e instanceof Error)) {
      const { code, message, details: fill = [], ...details } = e as { code: ErrorCode; message: number | string; details?: string[] } & AuthingErrorDetails;
      return new AuthingError(code, typeof message === 'string' ? message : word(code, message, fill, words), details);
    }
    const text = e instanceof Error ? e.message : String(e);
    return new AuthingError('config_error', 'Unexpected failure inside the SDK: ' + text);
  }
}

/** Message `n` of `words` with `fill` in its `{}`; without the words, what is known. */
function word(code: ErrorCode, n: number, fill: string[], words?: string[]): string {
  const parts = words?.[n]?.split('{}');
  if (!parts) return `${code} (the SDK's messages, messages.js, did not load: message ${n}${fill.length ? `, ${fill.join('; ')}` : ''}).`;
  return parts.reduce((text, part, i) => text + (fill[i - 1] ?? '') + part);
}
