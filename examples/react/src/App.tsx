import { useAuthing } from 'authing-wasm/react';

export function App() {
  const { isLoading, isAuthenticated, user, error, loginWithPopup, logout } = useAuthing();

  if (isLoading) return <p id="status" data-state="loading">Loading…</p>;
  if (isAuthenticated && user) {
    return (
      <main>
        <p id="status" data-state="signed-in" data-sub={user.sub}>Signed in as {user.name ?? user.sub}</p>
        <button id="logout" type="button" onClick={() => void logout()}>Log out</button>
      </main>
    );
  }
  return (
    <main>
      <p id="status" data-state={error ? 'error' : 'signed-out'}>{error ? `${error.code}: ${error.message}` : 'Signed out'}</p>
      {/* Straight from the click: the popup opens before any await. Failures show up in `error`. */}
      <button id="login" type="button" onClick={() => loginWithPopup().catch(() => {})}>Log in</button>
    </main>
  );
}
