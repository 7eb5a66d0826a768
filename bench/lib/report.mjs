// The run's results as markdown tables (bench/results/latest.md, the README's Performance section)
// and as an SVG bar chart of the medians (bench/results/latest.svg).
const fmt = (n, digits) => (n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', {
  minimumFractionDigits: digits, maximumFractionDigits: digits,
}));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '—');

/** One timed figure: a row per subject with min / median / p90 and the two ratios. */
function timedTable(figure, subjects, { reference, peers }) {
  const best = Math.min(...peers.map((p) => figure.results[p]?.median).filter((x) => x !== undefined));
  const lines = [
    `| subject | rounds | min | median | p90 | median ÷ reference | median ÷ best peer |`,
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of subjects) {
    const r = figure.results[s];
    if (!r) {
      lines.push(`| ${s} | — | — | — | — | — | — |`);
      continue;
    }
    const d = figure.digits;
    lines.push(`| ${s} | ${r.n} | ${fmt(r.min, d)} | **${fmt(r.median, d)}** | ${fmt(r.p90, d)} | `
      + `${ratio(r.median, figure.results[reference]?.median)} | ${ratio(r.median, best)} |`);
  }
  return lines.join('\n');
}

function sizeTable(sizes) {
  const lines = [
    '| subject | what | raw | gzip -9 | brotli -q 11 |',
    '|---|---|---:|---:|---:|',
  ];
  for (const row of sizes) {
    lines.push(`| ${row.subject} | ${row.what} | ${fmt(row.size.raw, 0)} | ${fmt(row.size.gzip, 0)} | **${fmt(row.size.brotli, 0)}** |`);
  }
  return lines.join('\n');
}

function memoryTable(memory, subjects) {
  const kb = (b) => (b === undefined ? '—' : fmt(b / 1024, 0));
  const lines = [
    '| subject | JS heap before, KB | JS heap after, KB | growth, KB | wasm memory before, KB | wasm memory after, KB |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const s of subjects) {
    const m = memory[s];
    if (!m) lines.push(`| ${s} | — | — | — | — | — |`);
    else lines.push(`| ${s} | ${kb(m.before.js)} | ${kb(m.after.js)} | ${kb(m.after.js - m.before.js)} | ${kb(m.before.wasm)} | ${kb(m.after.wasm)} |`);
  }
  return lines.join('\n');
}

export function markdown(run) {
  const { subjects, figures, sizes, memory, notes, machine, command, rounds } = run;
  const parts = [
    `Run of \`${command}\` on ${machine.date}: ${machine.cpus}, Chromium ${machine.chromium}, Node ${machine.node}. `
      + `Load average (1 min) ${machine.loadStart.toFixed(2)} at the start, ${machine.loadEnd.toFixed(2)} at the end. `
      + `${rounds} rounds per timed figure, the subjects alternating within each round.`,
    '',
    '### Shipped size (bytes)',
    '',
    sizeTable(sizes),
  ];
  for (const figure of figures) {
    parts.push('', `### ${figure.title} (${figure.unit})`, '', figure.how, '', timedTable(figure, subjects, run));
  }
  parts.push('', '### Memory after 10,000 cached reads and 200 silent renewals on one page', '', memoryTable(memory, subjects));
  if (notes.length) parts.push('', '### Notes', '', ...notes.map((n) => `- ${n}`));
  return `${parts.join('\n')}\n`;
}

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const COLORS = ['#1f6feb', '#8250df', '#bf8700', '#cf222e', '#57606a'];

/** Horizontal bars, one panel per figure, each subject's median relative to the panel's largest. */
export function svg(run) {
  const panels = [
    { title: 'login core shipped, brotli (KB)', values: Object.fromEntries(run.sizes.filter((r) => r.core).map((r) => [r.subject, r.size.brotli / 1024])), digits: 1 },
    ...run.figures.map((f) => ({
      title: `${f.title} (${f.unit}, median)`, digits: f.digits,
      values: Object.fromEntries(Object.entries(f.results).map(([s, r]) => [s, r.median])),
    })),
  ];
  const [width, label, barMax, rowH] = [760, 150, 520, 18];
  let y = 30;
  const out = [];
  for (const panel of panels) {
    out.push(`<text x="10" y="${y}" font-weight="bold">${escape(panel.title)}</text>`);
    y += 8;
    const max = Math.max(...Object.values(panel.values), 1e-9);
    run.subjects.forEach((s, i) => {
      const v = panel.values[s];
      y += rowH;
      out.push(`<text x="10" y="${y}">${escape(s)}</text>`);
      if (v === undefined) {
        out.push(`<text x="${label}" y="${y}" fill="#57606a">—</text>`);
        return;
      }
      const w = Math.max(1, (v / max) * barMax);
      out.push(`<rect x="${label}" y="${y - 12}" width="${w.toFixed(1)}" height="14" fill="${COLORS[i % COLORS.length]}"/>`);
      out.push(`<text x="${(label + w + 6).toFixed(1)}" y="${y}">${fmt(v, panel.digits)}</text>`);
    });
    y += 28;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" `
    + `font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>\n${out.join('\n')}\n</svg>\n`;
}
