// Summaries of a list of samples: min, median, p90 (nearest rank).
const sorted = (xs) => [...xs].sort((a, b) => a - b);

export function quantile(xs, q) {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

export const median = (xs) => quantile(xs, 0.5);

export function summary(xs) {
  return { n: xs.length, min: sorted(xs)[0], median: median(xs), p90: quantile(xs, 0.9) };
}
