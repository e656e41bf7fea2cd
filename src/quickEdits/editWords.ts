// What a quick edit is called while it runs and once it is over, as sentences:
// "Setting status to Converted", "Added tag follow-up to Ingrid Weber".
import * as vscode from 'vscode';
import { statusLabel } from '../ui/statusText';
import type { QuickEdit } from './leadEdit';

export interface EditWords {
  /** While it runs: "Setting status to Converted". */
  running: string;
  /** The edit as asked for: "Set status to Converted" (in failures and the log). */
  asked: string;
  /** Done on one lead: "Set status of Ingrid Weber to Converted". */
  doneOne(name: string): string;
  /** Done on several: "Set status of 4 leads to Converted". */
  doneMany(count: number): string;
}

export function editWords(edit: QuickEdit): EditWords {
  switch (edit.kind) {
    case 'status': {
      const status = statusLabel(edit.status);
      return {
        running: vscode.l10n.t('Setting status to {0}', status),
        asked: vscode.l10n.t('Set status to {0}', status),
        doneOne: (name) => vscode.l10n.t('Set status of {0} to {1}', name, status),
        doneMany: (count) => vscode.l10n.t('Set status of {0} leads to {1}', count, status),
      };
    }
    case 'addTags': {
      const tags = tagsText(edit.tags);
      return {
        running: vscode.l10n.t('Adding {0}', tags),
        asked: vscode.l10n.t('Add {0}', tags),
        doneOne: (name) => vscode.l10n.t('Added {0} to {1}', tags, name),
        doneMany: (count) => vscode.l10n.t('Added {0} to {1} leads', tags, count),
      };
    }
    case 'removeTags': {
      const tags = tagsText(edit.tags);
      return {
        running: vscode.l10n.t('Removing {0}', tags),
        asked: vscode.l10n.t('Remove {0}', tags),
        doneOne: (name) => vscode.l10n.t('Removed {0} from {1}', tags, name),
        doneMany: (count) => vscode.l10n.t('Removed {0} from {1} leads', tags, count),
      };
    }
    case 'note':
      return {
        running: vscode.l10n.t('Appending a note'),
        asked: vscode.l10n.t('Append a note'),
        doneOne: (name) => vscode.l10n.t('Appended a note to {0}', name),
        doneMany: (count) => vscode.l10n.t('Appended a note to {0} leads', count),
      };
  }
}

/** "tag follow-up", "tags vip, follow-up". */
function tagsText(tags: readonly string[]): string {
  return tags.length === 1 ? vscode.l10n.t('tag {0}', tags[0] ?? '') : vscode.l10n.t('tags {0}', tags.join(', '));
}
