// Three-way merge of a form against the lead it was loaded from and the lead as it
// is now. Shared by the host (checked before every save) and the form (when the lead
// changes while it is open), so both agree on what is a conflict.

export interface MergeResult<T, K extends keyof T> {
  /** Theirs where only they changed, yours where only you did (or you both made the same change). */
  merged: T;
  /** Fields both sides changed to different values; `merged` keeps yours there until the user chooses. */
  conflicts: K[];
}

export function merge3<T extends object, K extends keyof T>(
  base: T,
  mine: T,
  theirs: T,
  fields: readonly K[],
  same: (field: K, a: T[K], b: T[K]) => boolean,
): MergeResult<T, K> {
  const merged = { ...mine };
  const conflicts: K[] = [];
  for (const field of fields) {
    if (same(field, mine[field], base[field])) {
      merged[field] = theirs[field];
    } else if (!same(field, theirs[field], base[field]) && !same(field, theirs[field], mine[field])) {
      conflicts.push(field);
    }
  }
  return { merged, conflicts };
}
