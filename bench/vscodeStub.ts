// A tiny stand-in for the few `vscode` classes src/tree/leadItem.ts uses, so the
// Node benchmark can build real tree items without an editor. esbuild aliases
// `vscode` to this file when it bundles bench/nodeBench.ts. Plain data holders,
// about as cheap as the extension host's own classes (which are also plain
// objects until VS Code serialises them over RPC).

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}

export class ThemeColor {
  constructor(readonly id: string) {}
}

export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}

export class MarkdownString {
  isTrusted = false;
  supportHtml = false;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
  appendMarkdown(value: string): this {
    this.value += value;
    return this;
  }
  appendText(value: string): this {
    this.value += value.replace(/[\\`*_{}[\]()#+\-.!]/g, '\\$&');
    return this;
  }
}

export class TreeItem {
  id?: string;
  description?: string | boolean;
  iconPath?: unknown;
  tooltip?: string | MarkdownString;
  contextValue?: string;
  command?: unknown;
  accessibilityInformation?: { label: string };
  constructor(
    public label: string,
    public collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

/** vscode.l10n.t with no bundle loaded: the message with {0}-style arguments filled in. */
export const l10n = {
  t(message: string, ...args: unknown[]): string {
    return args.length === 0 ? message : message.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] === undefined ? m : String(args[Number(i)])));
  },
};
