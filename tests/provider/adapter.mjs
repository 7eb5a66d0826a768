// In-memory storage for oidc-provider models. The built-in memory adapter is an LRU of 1000
// entries: a long multi-tab test run could evict a live session or grant. This one keeps everything
// until it expires, and is shared by every Provider instance in the process (so a provider rebuilt
// with new keys keeps its sessions and tokens).

const store = new Map(); // key -> { value, expiresAt (ms) }
const GRANT_MEMBERS = new Set([
  'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode',
  'BackchannelAuthenticationRequest', 'PreAuthorizedCode',
]);

function get(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

function set(key, value, expiresIn) {
  const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
  store.set(key, { value, expiresAt });
}

// Sweep expired entries now and then; unref so that it never keeps the process alive.
setInterval(() => {
  const now = Date.now();
  for (const [key, { expiresAt }] of store) if (expiresAt <= now) store.delete(key);
}, 60_000).unref();

export class MemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    set(this.key(id), payload, expiresIn);
    if (this.model === 'Session') set(`sessionUid:${payload.uid}`, id, expiresIn);
    if (payload.userCode) set(`userCode:${payload.userCode}`, id, expiresIn);
    if (GRANT_MEMBERS.has(this.model) && payload.grantId) {
      // Tokens of a grant, so that revoking the grant (e.g. refresh token replay) revokes them all.
      const members = get(`grant:${payload.grantId}`) ?? new Set();
      members.add(this.key(id));
      set(`grant:${payload.grantId}`, members);
    }
  }

  async find(id) {
    return get(this.key(id));
  }

  async findByUid(uid) {
    const id = get(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode(userCode) {
    const id = get(`userCode:${userCode}`);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of get(`grant:${grantId}`) ?? []) store.delete(key);
    store.delete(`grant:${grantId}`);
  }
}

/** Forget every session, grant and token (test reset). */
export function clearStorage() {
  store.clear();
}
