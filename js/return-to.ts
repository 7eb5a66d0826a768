// Where a guarded page sends the user back after a redirect sign-in when the app does not: the path
// it was on, kept in `appState.returnTo` (the React and Vue guards set it).

/** Puts `appState.returnTo` in the address bar when it is a path of this origin (never another site). */
export function returnTo(appState: unknown): void {
  const path = (appState as { returnTo?: unknown } | null)?.returnTo;
  if (typeof path === 'string' && path.startsWith('/') && !path.startsWith('//')) history.replaceState(history.state, '', path);
}
