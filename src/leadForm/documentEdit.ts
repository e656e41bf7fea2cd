// A field edit from the form as a change to the lead document's JSON: only that value's
// characters change, so the text editor's other lines, and how the user laid them out, stay.
// Free of `vscode`: unit-tested under Node.
import { modify, type Edit, type FormattingOptions } from 'jsonc-parser';
import { APPEND_KEY } from '../document/leadText';
import type { EditRequest } from '../shared/protocol';

/** The edits that put `value` at `field` (an `notes_append` of '' takes the key out). */
export function fieldEdits(text: string, { field, value }: Pick<EditRequest, 'field' | 'value'>): Edit[] {
  const removing = field === APPEND_KEY && value === '';
  return modify(text, [field], removing ? undefined : value, {
    formattingOptions: formattingOf(text),
    // A new note to append goes next to the notes it joins, not after `_readonly`.
    getInsertionIndex: (properties) => {
      const notes = properties.indexOf('notes');
      return notes >= 0 ? notes + 1 : properties.length;
    },
  });
}

/** The indentation the text already uses (the document is written with two spaces). */
function formattingOf(text: string): FormattingOptions {
  const indent = /^[ \t]+(?=\S)/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}
