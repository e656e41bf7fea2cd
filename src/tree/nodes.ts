// The elements of the Leads tree. Each is one object per key for the life of the
// model, because VS Code matches refreshed elements by identity.
import type { GroupKey } from './leadsModel';

export type LeadsNode =
  | { readonly kind: 'group'; readonly group: GroupKey }
  | { readonly kind: 'lead'; readonly id: string }
  | { readonly kind: 'more'; readonly group: GroupKey }
  | { readonly kind: 'message'; readonly group: GroupKey; readonly tone: 'error' | 'empty' };

export class NodeCache {
  private readonly nodes = new Map<string, LeadsNode>();

  group(group: GroupKey): LeadsNode {
    return this.intern({ kind: 'group', group });
  }

  lead(id: string): LeadsNode {
    return this.intern({ kind: 'lead', id });
  }

  more(group: GroupKey): LeadsNode {
    return this.intern({ kind: 'more', group });
  }

  message(group: GroupKey, tone: 'error' | 'empty'): LeadsNode {
    return this.intern({ kind: 'message', group, tone });
  }

  /** Forgets a lead's node once it left the tree. */
  dropLead(id: string): void {
    this.nodes.delete(`lead:${id}`);
  }

  clear(): void {
    this.nodes.clear();
  }

  private intern(candidate: LeadsNode): LeadsNode {
    const key = nodeId(candidate);
    const existing = this.nodes.get(key);
    if (existing) {
      return existing;
    }
    this.nodes.set(key, candidate);
    return candidate;
  }
}

/** The TreeItem id of a node: unique in the tree and stable across refreshes. */
export function nodeId(node: LeadsNode): string {
  switch (node.kind) {
    case 'group':
      return `group:${node.group}`;
    case 'lead':
      return `lead:${node.id}`;
    case 'more':
      return `more:${node.group}`;
    case 'message':
      return `${node.tone}:${node.group}`;
  }
}
