// The tag arithmetic behind Add Tags and Remove Tags. The API takes the whole list
// (replace is the documented reading), so each edit sends the complete new list.

/** The lead's tags with `added` appended, keeping order and dropping repeats. */
export function addTags(current: readonly string[], added: readonly string[]): string[] {
  return [...new Set([...current, ...added])];
}

export function removeTags(current: readonly string[], removed: readonly string[]): string[] {
  return current.filter((tag) => !removed.includes(tag));
}

/** The `tags` change to send, or undefined when the list would stay the same. */
export function tagsPatch(current: readonly string[], next: string[]): { tags: string[] } | undefined {
  return next.length === current.length && next.every((tag, i) => tag === current[i]) ? undefined : { tags: next };
}
