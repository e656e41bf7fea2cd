// What a group's label can honestly say about its size. The API gives no totals: a
// count is exact only once the last page is in, and before that it is a lower bound.

export interface GroupProgress {
  readonly loaded: boolean;
  readonly hasMore: boolean;
  readonly ids: readonly unknown[];
}

/** Nothing before the first page, "50+" while the server has more, "50" once all are loaded. */
export function groupDescription(state: GroupProgress): string | undefined {
  if (!state.loaded) return undefined;
  return state.hasMore ? `${state.ids.length}+` : String(state.ids.length);
}
