// The column step of Import CSV…: each column of the file with the field it fills and its first
// values (the preview), Continue once a column holds the phone numbers. Choosing a column asks
// what it fills.
import * as vscode from 'vscode';
import { IMPORT_FIELDS, phoneColumn, type ColumnTarget, type ImportField } from './columns';

const FIELD_LABELS: Record<ImportField, () => string> = {
  name: () => vscode.l10n.t('Name'),
  phone_number: () => vscode.l10n.t('Phone number'),
  email: () => vscode.l10n.t('Email'),
  status: () => vscode.l10n.t('Status'),
  tags: () => vscode.l10n.t('Tags'),
  notes: () => vscode.l10n.t('Notes'),
};

export function targetLabel(target: ColumnTarget): string {
  switch (target.kind) {
    case 'field':
      return FIELD_LABELS[target.field]();
    case 'metadataJson':
      return vscode.l10n.t('Metadata (a JSON object)');
    case 'metadataKey':
      return vscode.l10n.t('Metadata "{0}"', target.key);
    case 'ignore':
      return vscode.l10n.t('Not imported');
  }
}

type ColumnItem = vscode.QuickPickItem & { column?: number; proceed?: boolean };

/** The columns' targets as the user leaves them, or undefined when dismissed. */
export async function pickColumns(name: string, header: readonly string[], guessed: readonly ColumnTarget[], preview: readonly string[][]): Promise<ColumnTarget[] | undefined> {
  const targets = [...guessed];
  for (;;) {
    const hasPhone = phoneColumn(targets) >= 0;
    const proceed: ColumnItem = hasPhone
      ? { label: `$(arrow-right) ${vscode.l10n.t('Continue')}`, description: summary(targets), proceed: true, alwaysShow: true }
      : { label: `$(error) ${vscode.l10n.t('Choose the column with the phone numbers: a lead needs one')}`, alwaysShow: true };
    const columns: ColumnItem[] = header.map((title, column) => ({
      label: title || vscode.l10n.t('Column {0}', column + 1),
      description: `→ ${targetLabel(targets[column] ?? { kind: 'ignore' })}`,
      detail: preview
        .map((row) => row[column] ?? '')
        .map((cell) => (cell === '' ? '—' : cell.length > 40 ? `${cell.slice(0, 39)}…` : cell).replace(/\s+/g, ' '))
        .join('  ·  '),
      column,
    }));
    const items: ColumnItem[] = [proceed, { label: vscode.l10n.t('Columns'), kind: vscode.QuickPickItemKind.Separator }, ...columns];
    const picked = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Import {0}: columns', name),
      placeHolder: vscode.l10n.t('Choose a column to change the field it fills, or Continue'),
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (picked.proceed) return targets;
    if (picked.column === undefined) continue;
    const target = await pickTarget(header[picked.column] ?? '', targets[picked.column] ?? { kind: 'ignore' });
    if (target) assign(targets, picked.column, target);
  }
}

/** One column per field: giving a field to a column takes it from the one that had it. */
function assign(targets: ColumnTarget[], column: number, target: ColumnTarget): void {
  if (target.kind === 'field' || target.kind === 'metadataJson') {
    targets.forEach((t, i) => {
      const same = t.kind === target.kind && (t.kind !== 'field' || (target.kind === 'field' && t.field === target.field));
      if (same && i !== column) targets[i] = { kind: 'ignore' };
    });
  }
  targets[column] = target;
}

function summary(targets: readonly ColumnTarget[]): string {
  const fields = targets.filter((t) => t.kind === 'field').length;
  const metadata = targets.filter((t) => t.kind === 'metadataKey' || t.kind === 'metadataJson').length;
  const ignored = targets.filter((t) => t.kind === 'ignore').length;
  return vscode.l10n.t('{0} to fields, {1} to metadata, {2} not imported', fields, metadata, ignored);
}

async function pickTarget(title: string, current: ColumnTarget): Promise<ColumnTarget | undefined> {
  const key = title.trim() || 'column';
  const choices: ColumnTarget[] = [
    ...IMPORT_FIELDS.map((field): ColumnTarget => ({ kind: 'field', field })),
    { kind: 'metadataKey', key },
    { kind: 'metadataJson' },
    { kind: 'ignore' },
  ];
  const items = choices.map((target) => ({
    label: targetLabel(target),
    description: sameTarget(target, current) ? vscode.l10n.t('current') : undefined,
    target,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Column "{0}" fills', title), placeHolder: vscode.l10n.t('The lead field this column fills') });
  return picked?.target;
}

function sameTarget(a: ColumnTarget, b: ColumnTarget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
