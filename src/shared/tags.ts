// The tag arithmetic behind Add Tags and Remove Tags. The API takes the whole list
// (replace is the documented reading), so each edit sends the complete new list.
// To a person `vip` and `VIP` are one tag: tags are compared without case, and the
// spelling a lead (or the account) already has is kept.

const key = (tag: string): string => tag.toLocaleLowerCase();

/** The lead's tags with `added` appended, keeping order and the spelling already there, dropping repeats. */
export function addTags(current: readonly string[], added: readonly string[]): string[] {
  const next = [...current];
  const have = new Set(current.map(key));
  for (const tag of added) {
    if (have.has(key(tag))) continue;
    have.add(key(tag));
    next.push(tag);
  }
  return next;
}

/** The lead's tags without `removed`, in any spelling. */
export function removeTags(current: readonly string[], removed: readonly string[]): string[] {
  const gone = new Set(removed.map(key));
  return current.filter((tag) => !gone.has(key(tag)));
}

/** The `tags` change to send, or undefined when the list would stay the same. */
export function tagsPatch(current: readonly string[], next: string[]): { tags: string[] } | undefined {
  return next.length === current.length && next.every((tag, i) => tag === current[i]) ? undefined : { tags: next };
}

/** The tags of these lists, one spelling each (the first met), sorted for a picker. */
export function distinctTags(lists: Iterable<readonly string[]>): string[] {
  const byKey = new Map<string, string>();
  for (const tags of lists) for (const tag of tags) if (!byKey.has(key(tag))) byKey.set(key(tag), tag);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b));
}

/** The spelling `known` has for `typed` (any case), or undefined when it is a new tag. */
export function existingSpelling(known: readonly string[], typed: string): string | undefined {
  return known.find((tag) => key(tag) === key(typed));
}

/** How many of these tag lists have `tag`, in any spelling. */
export function countHaving(lists: readonly (readonly string[])[], tag: string): number {
  return lists.filter((tags) => existingSpelling(tags, tag) !== undefined).length;
}
