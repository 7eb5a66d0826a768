// The Reliability table: what the hostile suite tried, per area, and how each ended. The suite
// counts as it goes and writes the table into the README between its markers when it ends.
import { readFileSync, writeFileSync } from 'node:fs';

const README = new URL('../../../README.md', import.meta.url);
const BEGIN = '<!-- reliability:begin -->';
const END = '<!-- reliability:end -->';

export class Tally {
  #areas = new Map();

  /** `n` hostile inputs in `area` that ended `typed` (rejected with an AuthingError), `ignored` (no
   * effect, as it must), `handled` (accepted and made sane) or `accepted` (a forgery taken: a defect);
   * or `lost`: a session that should have been kept was not. */
  count(area, outcome, n = 1) {
    const row = this.#areas.get(area) ?? { tried: 0, typed: 0, ignored: 0, handled: 0, lost: 0, accepted: 0 };
    // A lost session is a consequence of an input already counted; a forged message accepted is one.
    row.tried += outcome === 'lost' ? 0 : n;
    row[outcome] += n;
    this.#areas.set(area, row);
  }

  rows() {
    return [...this.#areas].map(([area, row]) => ({ area, ...row }));
  }

  table() {
    const head = '| area | inputs tried | rejected with a typed error | ignored | accepted, made sane | forged accepted | sessions lost |\n|---|---:|---:|---:|---:|---:|---:|';
    const body = this.rows().map((r) => `| ${r.area} | ${r.tried} | ${r.typed} | ${r.ignored} | ${r.handled} | ${r.accepted} | ${r.lost} |`);
    return [head, ...body].join('\n');
  }

  /** Rewrites the README's table, once every area in `areas` was tried (a filtered run leaves it). */
  writeReadme(areas) {
    if (!areas.every((a) => this.#areas.has(a))) return false;
    const text = readFileSync(README, 'utf8');
    const start = text.indexOf(BEGIN);
    const end = text.indexOf(END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
    const section = `${BEGIN}\n${this.table()}\n`;
    writeFileSync(README, text.slice(0, start) + section + text.slice(end));
    return true;
  }
}
