// What an error from Authing means to the person at the form: which words to show, next to which
// field (none: above the form), and whether it is Authing asking for MFA.
import type { AuthingError } from '../errors.js';
import type { SignInStrings } from './strings.js';

export type FieldName = 'account' | 'password' | 'target' | 'code' | 'email' | 'newPassword';
export type Step = 'password' | 'send' | 'passcode' | 'signUp' | 'other';

export interface Explained {
  key: keyof SignInStrings;
  field?: FieldName;
  mfa?: boolean;
}

// Authing's apiCodes (its error-code reference) that a person can act on.
const API_CODES: Record<number, Explained> = {
  2333: { key: 'wrongPassword', field: 'password' },
  2006: { key: 'wrongPassword', field: 'password' },
  2001: { key: 'wrongCode', field: 'code' },
  2005: { key: 'locked' },
  2026: { key: 'exists', field: 'email' },
  2029: { key: 'shortPassword', field: 'newPassword' },
  2031: { key: 'signUpClosed' },
  1635: { key: 'mfa', mfa: true },
  1636: { key: 'mfa', mfa: true },
};

const SDK_CODES: Partial<Record<AuthingError['code'], keyof SignInStrings>> = {
  network_error: 'offline',
  timeout: 'offline',
  popup_blocked: 'popupBlocked',
  popup_closed: 'popupClosed',
  aborted: 'cancelled',
  qr_expired: 'qrExpired',
  qr_cancelled: 'qrCancelled',
};

export function explain(e: AuthingError, step: Step): Explained {
  if (e.statusCode === 429) return step === 'send' ? { key: 'tooSoon', field: 'target' } : { key: 'tooMany' };
  // "No such user" reads as a wrong password where a password was asked: no account probing.
  if (e.apiCode === 2004) return step === 'password' ? API_CODES[2333] : { key: 'noAccount', field: 'target' };
  return (e.apiCode !== undefined && API_CODES[e.apiCode]) || { key: SDK_CODES[e.code] ?? 'failed' };
}
