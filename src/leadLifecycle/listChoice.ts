// Which list a new lead goes to: the one last used with this API URL first, then the lists
// of the loaded leads, or any list id typed in.
import * as vscode from 'vscode';
import { apiBaseUrl } from '../config';
import { LeadCreateSchema, type Lead } from '../shared/schemas';

const MEMORY_KEY = 'topcalls.newLeadList';

type Remembered = Record<string, string>;

/** The list last used for a new lead with the current API URL (lists belong to one account). */
export function rememberedList(memory: vscode.Memento): string | undefined {
  return memory.get<Remembered>(MEMORY_KEY, {})[apiBaseUrl()];
}

export async function rememberList(memory: vscode.Memento, listId: string): Promise<void> {
  await memory.update(MEMORY_KEY, { ...memory.get<Remembered>(MEMORY_KEY, {}), [apiBaseUrl()]: listId });
}

/** A list id's problem, or undefined when the API takes it. */
export function listIdProblem(text: string): string | undefined {
  return LeadCreateSchema.shape.list_id.safeParse(text.trim()).success ? undefined : vscode.l10n.t('Not a list id: a list id is a UUID, e.g. 3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b.');
}

type Item = vscode.QuickPickItem & { listId?: string };

/** Asks for the list: known ids to pick, or one typed (checked as typed). Undefined when dismissed or cancelled by `token`. */
export async function pickList(memory: vscode.Memento, loaded: readonly Lead[], title: string, token?: vscode.CancellationToken): Promise<string | undefined> {
  const counts = new Map<string, number>();
  for (const lead of loaded) for (const id of lead.list_ids ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
  const last = rememberedList(memory);
  const ids = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));
  if (last !== undefined) ids.splice(0, ids.length, last, ...ids.filter((id) => id !== last));
  const known: Item[] = ids.map((id) => ({
    label: id,
    iconPath: new vscode.ThemeIcon('list-unordered'),
    description: [id === last ? vscode.l10n.t('last used') : '', counts.has(id) ? vscode.l10n.t('{0} loaded leads', counts.get(id) ?? 0) : '']
      .filter(Boolean)
      .join(' · '),
    listId: id,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = title;
  pick.placeholder = vscode.l10n.t('Pick a list, or type its id');
  pick.items = known;
  pick.onDidChangeValue((typed) => {
    const text = typed.trim();
    if (!text || ids.includes(text)) {
      pick.items = known;
      return;
    }
    const problem = listIdProblem(text);
    const typedItem: Item = problem
      ? { label: `$(error) ${problem}`, alwaysShow: true }
      : { label: text, iconPath: new vscode.ThemeIcon('add'), description: vscode.l10n.t('list id typed'), alwaysShow: true, listId: text };
    pick.items = [typedItem, ...known];
  });
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const listId = pick.selectedItems[0]?.listId;
      // The line saying what is wrong with the typed id is not a choice: the pick stays open.
      if (listId === undefined) return;
      resolve(listId);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    token?.onCancellationRequested(() => pick.hide());
    pick.show();
  });
  pick.dispose();
  return chosen;
}
