// The English words of the engines' errors (./messages.js), which load with the first error of the
// page: the driver holds its effects back until they are in, so that every error is worded when it
// is delivered and nothing changes order.
import { AuthingError } from './errors.js';

let words: string[] | undefined;
let loading: Promise<void> | undefined;

/** Resolves once the words are in, or their load failed (then the next error tries again). */
export function loadWords(): Promise<void> {
  return (loading ??= import('./messages.js').then(
    (m) => { words = m.MESSAGES; },
    () => { loading = undefined; },
  ));
}

export const hasWords = (): boolean => words !== undefined;

/** An engine's error (or anything thrown) as an `AuthingError`, worded if the words are in. */
export const worded = (e: unknown): AuthingError => AuthingError.from(e, words);

/** The same, once the words have been loaded (or failed to load). */
export const wordedLater = (e: unknown): Promise<AuthingError> => loadWords().then(() => worded(e));
