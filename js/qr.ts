// QR codes (ISO/IEC 18004, byte mode) as SVG or as a module matrix, for showing an Authing QR
// login URL. A separate entry point, 'authing-wasm/qr': apps that never show one never download it.

export type QrEcc = 'L' | 'M' | 'Q' | 'H';

export interface QrSvgOptions {
  /** module size in px, default 4 */
  scale?: number;
  /** quiet zone in modules, default 4 */
  margin?: number;
  /** colour of dark modules, default '#000' */
  dark?: string;
  /** background colour, default '#fff' */
  light?: string;
  /** error correction, default 'M' */
  ecc?: QrEcc;
  /** accessible label, default 'QR code' */
  label?: string;
}

const LEVELS = 'LMQH';
// Error correction codewords per block, then number of blocks, for versions 1..40; one row per
// level in LEVELS order (the standard's table 9).
const ECC_PER_BLOCK = [
  [7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
  [13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
  [17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
];
const BLOCKS = [
  [1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
  [1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
  [1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
  [1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
];
// The level's two bits in the format information: L=01, M=00, Q=11, H=10.
const LEVEL_BITS = [1, 0, 3, 2];

// Data masks (row r, column c): a module is flipped where the mask is true.
const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 == 0,
  (r) => r % 2 == 0,
  (_, c) => c % 3 == 0,
  (r, c) => (r + c) % 3 == 0,
  (r, c) => ((r >> 1) + ((c / 3) | 0)) % 2 == 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) == 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 == 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 == 0,
];

// GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1: exp/log tables turn products into sums.
const EXP: number[] = [];
const LOG: number[] = [];
for (let i = 0, x = 1; i < 255; i++, x = (x << 1) ^ (x & 128 ? 0x11d : 0)) {
  EXP[i] = x;
  LOG[x] = i;
}
const mul = (a: number, b: number) => (a && b ? EXP[(LOG[a] + LOG[b]) % 255] : 0);

/** Reed–Solomon: the `degree` error correction codewords of `data`. */
function reedSolomon(data: number[], degree: number): number[] {
  // Generator (x - α^0)(x - α^1)…(x - α^(degree-1)), highest power first.
  let gen = [1];
  for (let i = 0; i < degree; i++) gen = [...gen, 0].map((c, j) => c ^ mul(gen[j - 1] ?? 0, EXP[i]));
  // Remainder of data·x^degree divided by the generator (long division).
  const rem: number[] = Array(degree).fill(0);
  for (const byte of data) {
    const factor = byte ^ rem.shift()!;
    rem.push(0);
    rem.forEach((_, j) => (rem[j] ^= mul(gen[j + 1], factor)));
  }
  return rem;
}

/** `data` followed by its BCH check bits for generator `gen` (format and version information). */
function bch(data: number, gen: number): number {
  const degree = 31 - Math.clz32(gen);
  let rem = data << degree;
  for (let top; (top = 31 - Math.clz32(rem)) >= degree; ) rem ^= gen << (top - degree);
  return (data << degree) | rem;
}

/** Codewords that fit in version `v`: every module not used by a function pattern, 8 bits each. */
function capacity(v: number): number {
  const n = 4 * v + 17;
  const k = v < 2 ? 0 : ((v / 7) | 0) + 2; // alignment patterns per row and column
  const functional =
    3 * 64 + 31 + 2 * (n - 16) + // finders with separators, format information + dark module, timing
    (k && 25 * (k * k - 3) - 10 * (k - 2)) + // alignment patterns, less their overlap with timing
    (v < 7 ? 0 : 36); // version information
  return (n * n - functional) >> 3;
}

/** Row/column centres of the alignment patterns: from 6 to n-7, evenly spaced from the far end. */
function alignmentCentres(v: number): number[] {
  if (v < 2) return [];
  const k = ((v / 7) | 0) + 2;
  const step = v == 32 ? 26 : Math.ceil((4 * v + 4) / (2 * k - 2)) * 2;
  const centres = [6];
  for (let p = 4 * v + 10; centres.length < k; p -= step) centres.splice(1, 0, p);
  return centres;
}

/** The smallest version for `bytes`, and its data codewords (mode, length, bytes, padding). */
function encodeData(bytes: Uint8Array, level: number): [number, number[]] {
  for (let v = 1; v <= 40; v++) {
    const dataWords = capacity(v) - ECC_PER_BLOCK[level][v - 1] * BLOCKS[level][v - 1];
    const lengthBits = v < 10 ? 8 : 16;
    if (4 + lengthBits + 8 * bytes.length > 8 * dataWords) continue;
    const bits: number[] = [];
    const put = (value: number, len: number) => {
      for (let i = len; i--; ) bits.push((value >> i) & 1);
    };
    put(4, 4); // byte mode
    put(bytes.length, lengthBits);
    bytes.forEach((b) => put(b, 8));
    put(0, Math.min(4, 8 * dataWords - bits.length)); // terminator
    put(0, -bits.length & 7);
    const words: number[] = [];
    for (let i = 0; i < bits.length; i += 8) words.push(parseInt(bits.slice(i, i + 8).join(''), 2));
    for (let pad = 0xec; words.length < dataWords; pad ^= 0xec ^ 0x11) words.push(pad);
    return [v, words];
  }
  const max = capacity(40) - ECC_PER_BLOCK[level][39] * BLOCKS[level][39] - 3;
  throw new RangeError(
    `Text too long for a QR code: ${bytes.length} bytes in UTF-8, at most ${max} at error correction level ${LEVELS[level]}`,
  );
}

/** Splits the data into blocks, adds each block's error correction, and interleaves them. */
function codewords(data: number[], v: number, level: number): number[] {
  const count = BLOCKS[level][v - 1];
  const eccLen = ECC_PER_BLOCK[level][v - 1];
  const short = Math.floor(data.length / count);
  const longFrom = count - (data.length % count); // the last blocks carry one more data codeword
  const blocks: number[][] = [];
  for (let b = 0, at = 0; b < count; b++) blocks.push(data.slice(at, (at += short + (b < longFrom ? 0 : 1))));
  const out: number[] = [];
  const interleave = (lists: number[][]) => {
    for (let i = 0; i <= short || i < eccLen; i++) lists.forEach((l) => i < l.length && out.push(l[i]));
  };
  interleave(blocks);
  interleave(blocks.map((b) => reedSolomon(b, eccLen)));
  return out;
}

/** Penalty of a masked symbol (the standard's rules N1–N4); the lowest one wins. */
function penalty(m: boolean[][]): number {
  const rows = m.map((row) => row.map(Number).join(''));
  const cols = rows.map((_, c) => rows.map((row) => row[c]).join(''));
  let score = 0;
  for (const line of [...rows, ...cols]) {
    for (const run of line.match(/0{5,}|1{5,}/g) ?? []) score += run.length - 2; // N1: 3 + (run - 5)
    score += 40 * (line.match(/(?=10111010000|00001011101)/g)?.length ?? 0); // N3: finder look-alikes
  }
  for (let r = 1; r < m.length; r++)
    for (let c = 1; c < m.length; c++) {
      const d = m[r][c];
      if (m[r - 1][c] == d && m[r][c - 1] == d && m[r - 1][c - 1] == d) score += 3; // N2: 2×2 blocks
    }
  const total = m.length ** 2;
  const dark = rows.join('').split('1').length - 1;
  return score + 10 * Math.floor(Math.abs(20 * dark - 10 * total) / total); // N4: each 5% off 50% dark
}

/** The module matrix (true = dark), for apps that draw on a <canvas>. */
export function qrMatrix(text: string, ecc: QrEcc = 'M'): boolean[][] {
  const level = LEVELS.indexOf(ecc);
  if (level < 0 || ecc.length != 1) throw new RangeError(`Unknown QR error correction level: ${ecc}`);
  const [v, data] = encodeData(new TextEncoder().encode(text), level);
  const n = 4 * v + 17;
  const grid = () => Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  const m = grid();
  const fixed = grid(); // function patterns: not data, never masked
  const set = (r: number, c: number, dark: boolean) => {
    m[r][c] = dark;
    fixed[r][c] = true;
  };
  // A square of rings around (r, c); `light` has bit d set where ring d is light. Clipped at the edges.
  const square = (r: number, c: number, radius: number, light: number) => {
    for (let y = r - radius; y <= r + radius; y++)
      for (let x = c - radius; x <= c + radius; x++)
        if (m[y] && x >= 0 && x < n) set(y, x, !((light >> Math.max(Math.abs(y - r), Math.abs(x - c))) & 1));
  };
  [[3, 3], [3, n - 4], [n - 4, 3]].forEach(([r, c]) => square(r, c, 4, 0b10100)); // finders + separators
  const centres = alignmentCentres(v);
  for (const r of centres) for (const c of centres) if (!fixed[r][c]) square(r, c, 2, 0b10); // not on finders
  for (let i = 8; i < n - 8; i++) set(6, i, i % 2 == 0), set(i, 6, i % 2 == 0); // timing
  if (v >= 7) {
    const info = bch(v, 0x1f25);
    for (let i = 0; i < 18; i++) {
      const a = (i / 3) | 0, b = n - 11 + (i % 3), dark = ((info >> i) & 1) == 1;
      set(a, b, dark), set(b, a, dark);
    }
  }
  const format = (mask: number) => {
    const info = bch((LEVEL_BITS[level] << 3) | mask, 0x537) ^ 0x5412;
    for (let i = 0; i < 15; i++) {
      const dark = ((info >> i) & 1) == 1;
      // Around the top-left finder (skipping the timing patterns), then split between the other two.
      set(i < 6 ? i : i < 8 ? i + 1 : 8, i < 8 ? 8 : i < 9 ? 7 : 14 - i, dark);
      set(i < 8 ? 8 : n - 15 + i, i < 8 ? n - 1 - i : 8, dark);
    }
    set(n - 8, 8, true); // the dark module
  };
  format(0); // reserve its modules before placing data

  // Data: two-column strips from the right edge, zigzagging up and down, skipping the timing column.
  const bits = codewords(data, v, level);
  let i = 0;
  for (let right = n - 1, up = true; right > 0; right -= 2, up = !up) {
    if (right == 6) right--;
    for (let k = 0; k < n; k++)
      for (const c of [right, right - 1]) {
        const r = up ? n - 1 - k : k;
        if (!fixed[r][c]) m[r][c] = ((bits[i >> 3] >> (7 - (i++ & 7))) & 1) == 1; // leftover bits: 0
      }
  }

  const apply = (mask: number) => {
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (!fixed[r][c] && MASKS[mask](r, c)) m[r][c] = !m[r][c];
    format(mask);
  };
  let best = 0;
  for (let mask = 0, least = Infinity; mask < 8; mask++) {
    apply(mask);
    const score = penalty(m);
    if (score < least) (least = score), (best = mask);
    apply(mask); // XOR again: undone
  }
  apply(best);
  return m;
}

const escape = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The QR code of `text` (UTF-8, byte mode) as an SVG document string, one <path> for all dark
 * modules, with role="img" and <title>. Throws a RangeError with an English message if the text
 * does not fit version 40 at the chosen ecc.
 */
export function qrToSvg(text: string, options: QrSvgOptions = {}): string {
  const { scale = 4, margin = 4, dark = '#000', light = '#fff', ecc = 'M', label = 'QR code' } = options;
  if (!(scale > 0) || !(margin >= 0) || margin % 1) throw new RangeError('QR scale must be > 0 and margin a whole number >= 0');
  const m = qrMatrix(text, ecc);
  const size = m.length + 2 * margin;
  let d = '';
  m.forEach((row, y) => {
    // One rectangle per horizontal run of dark modules keeps the path short.
    for (let x = 0, run; x < row.length; x += run + 1) {
      for (run = 0; row[x + run]; ) run++;
      if (run) d += `M${x + margin} ${y + margin}h${run}v1h-${run}z`;
    }
  });
  const px = size * scale;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${px}" height="${px}" role="img" shape-rendering="crispEdges">` +
    `<title>${escape(label)}</title><rect width="100%" height="100%" fill="${escape(light)}"/>` +
    `<path fill="${escape(dark)}" d="${d}"/></svg>`
  );
}
