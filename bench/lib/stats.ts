// Order statistics over repeated runs. Medians, not means: a run that hits a GC pause or a noisy
// neighbour should not move the figure.

export interface Summary {
  n: number;
  median: number;
  min: number;
  p90: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((x, y) => x - y);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    p90: quantile(sorted, 0.9),
  };
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
