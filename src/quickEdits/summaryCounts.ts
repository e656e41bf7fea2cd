// How a bulk edit went, as the counts worth saying: "3 updated, 1 failed", never "0 unchanged".

export interface SummaryCounts {
  updated: number;
  unchanged: number;
  failed: number;
  notSent: number;
}

/** The counts above zero, in the order people read them, with the words `word` gives each. */
export function nonZeroCounts(counts: SummaryCounts, word: (kind: keyof SummaryCounts, count: number) => string): string[] {
  const order: (keyof SummaryCounts)[] = ['updated', 'unchanged', 'failed', 'notSent'];
  return order.filter((kind) => counts[kind] > 0).map((kind) => word(kind, counts[kind]));
}
