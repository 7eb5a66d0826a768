// The address bar: leaving for the provider, and losing the callback's parameters in place.
export const navigate = (url: string): void => location.assign(url);

export const replaceUrl = (url: string): void => history.replaceState(history.state, '', url);

/** `url`'s origin by the WHATWG URL standard ('' when it is no URL), the origin messages come from. */
export function originOf(url: unknown): string {
  try {
    return new URL(String(url)).origin;
  } catch {
    return '';
  }
}
