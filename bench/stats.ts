// Summaries and the shape of one benchmark figure. Shared by the runner, the Node
// benchmark and the in-editor benchmark test (no dependencies).

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** One row of the results table. */
export interface Figure {
  /** Stable key, e.g. `firstPage.ratio@10000`. */
  key: string;
  /** What the row says, e.g. `1. First page: client ÷ bare fetch (10,000 leads)`. */
  measurement: string;
  unit: string;
  /** Absent when not measured (then `notMeasured` says why). */
  summary?: Summary;
  /** A goal: value must be <= max or >= min. Absent: information only. */
  goal?: { max?: number; min?: number };
  notMeasured?: string;
  /** Context: absolute times, what dominates, etc. */
  note?: string;
}

export function verdict(f: Figure): 'met' | 'missed' | 'n/a' | 'not measured' {
  if (!f.summary || f.notMeasured) return 'not measured';
  if (!f.goal) return 'n/a';
  const v = f.summary.median;
  if (f.goal.max !== undefined && !(v <= f.goal.max)) return 'missed';
  if (f.goal.min !== undefined && !(v >= f.goal.min)) return 'missed';
  return 'met';
}
