import { RequireAuth, useAuthing } from 'authing-wasm/react';

/** `?page=profile` is for signed-in users only: anyone else signs in first and comes back here. */
const onProfile = () => new URLSearchParams(location.search).get('page') === 'profile';

function Profile() {
  const { user } = useAuthing();
  return (
    <main>
      <p id="profile" data-sub={user?.sub}>Profile of {user?.name ?? user?.sub}: {user?.email}</p>
      <a href="/">Home</a>
    </main>
  );
}

export function App() {
  const { isLoading, isAuthenticated, user, error, loginWithPopup, logout, logoutWithRedirect } = useAuthing();

  if (onProfile()) {
    return (
      <RequireAuth fallback={<p id="status" data-state={error ? 'error' : 'redirecting'}>{error ? error.message : 'Signing in…'}</p>}>
        <Profile />
      </RequireAuth>
    );
  }
  if (isLoading) return <p id="status" data-state="loading">Loading…</p>;
  if (isAuthenticated && user) {
    return (
      <main>
        <p id="status" data-state="signed-in" data-sub={user.sub}>Signed in as {user.name ?? user.sub}</p>
        {/* Ends the Authing session too: the next "Log in" asks for the password again. */}
        <button id="logout" type="button" onClick={() => void logoutWithRedirect()}>Log out</button>
        {/* This app only: Authing still knows the user, so "Log in" signs straight back in. */}
        <button id="logout-app" type="button" onClick={() => void logout()}>Log out of this app only</button>
        <a id="profile-link" href="?page=profile">Your profile</a>
      </main>
    );
  }
  return (
    <main>
      <p id="status" data-state={error ? 'error' : 'signed-out'}>{error ? `${error.code}: ${error.message}` : 'Signed out'}</p>
      {/* Straight from the click: the popup opens before any await. Failures show up in `error`. */}
      <button id="login" type="button" onClick={() => loginWithPopup().catch(() => {})}>Log in</button>
      <a id="profile-link" href="?page=profile">Your profile</a>
    </main>
  );
}
