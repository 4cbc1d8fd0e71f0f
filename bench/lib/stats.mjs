// Small order statistics. Percentiles use the nearest-rank rule on a sorted copy.

export function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export const median = (values) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Mean of the middle half: not stepped by the browser's coarse clock the way a median is. */
export function midMean(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const from = Math.floor(sorted.length / 4);
  const middle = sorted.slice(from, Math.max(from + 1, sorted.length - from));
  return middle.reduce((sum, v) => sum + v, 0) / middle.length;
}

export function summary(values) {
  return { n: values.length, median: median(values), p99: percentile(values, 99), midMean: midMean(values) };
}
