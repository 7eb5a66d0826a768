// A wasm file's sections, function bodies and function names, and the LEB128 numbers it is written
// in: enough for the build's checks, the size map and the ratchet's test, without a wasm toolchain.

/** Reads unsigned LEB128 numbers from `bytes`, starting at `at`. */
export function reader(bytes, at = 0) {
  return {
    get at() { return at; },
    set at(value) { at = value; },
    leb() {
      let value = 0;
      let shift = 0;
      let byte;
      do {
        byte = bytes[at++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      return value;
    },
  };
}

/** `n` as unsigned LEB128. */
export function encodeLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** Each section: its id, where it starts (its id byte), where its content starts and ends. */
export function sections(bytes) {
  const r = reader(bytes, 8);
  const out = [];
  while (r.at < bytes.length) {
    const start = r.at;
    const id = bytes[r.at++];
    const length = r.leb();
    out.push({ id, start, content: r.at, end: r.at + length });
    r.at += length;
  }
  return out;
}

/** The code section's function bodies, each from its size prefix (`at`) to its end. */
export function bodies(bytes) {
  const code = sections(bytes).find((s) => s.id === 10);
  const r = reader(bytes, code.content);
  const out = [];
  for (let n = r.leb(); n > 0; n--) {
    const at = r.at;
    const size = r.leb();
    out.push({ at, body: r.at, end: r.at + size });
    r.at += size;
  }
  return { code, bodies: out };
}

/** Function names by function index (imports first), from the name section (`wasm-opt -g`). */
export function functionNames(bytes) {
  const names = new Map();
  for (const s of sections(bytes).filter((s) => s.id === 0)) {
    const r = reader(bytes, s.content);
    const nameLength = r.leb();
    if (bytes.subarray(r.at, r.at + nameLength).toString() !== 'name') continue;
    r.at += nameLength;
    while (r.at < s.end) {
      const sub = bytes[r.at++];
      const subEnd = r.leb() + r.at;
      if (sub === 1) {
        for (let n = r.leb(); n > 0; n--) {
          const index = r.leb();
          const length = r.leb();
          names.set(index, bytes.subarray(r.at, r.at + length).toString());
          r.at += length;
        }
      }
      r.at = subEnd;
    }
  }
  return names;
}

/** How many functions the module imports (they come first in the function index space). */
export function importedFunctions(bytes) {
  const imports = sections(bytes).find((s) => s.id === 2);
  if (!imports) return 0;
  const r = reader(bytes, imports.content);
  let count = 0;
  for (let n = r.leb(); n > 0; n--) {
    r.at += r.leb(); // module
    r.at += r.leb(); // name
    const kind = bytes[r.at++];
    if (kind === 0) { r.leb(); count++; }
    else if (kind === 1) { r.at++; if (bytes[r.at++] & 1) { r.leb(); r.leb(); } else r.leb(); }
    else if (kind === 2) { if (bytes[r.at++] & 1) { r.leb(); r.leb(); } else r.leb(); }
    else if (kind === 3) r.at += 2;
  }
  return count;
}
