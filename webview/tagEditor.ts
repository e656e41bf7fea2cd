// Tags as chips: Enter or comma adds what is typed (so do leaving the box and saving),
// Backspace in the empty box removes the last chip, a click (or Delete/Backspace on a
// focused chip) removes that one.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { Strings } from '../src/shared/protocol';
import { el, format, setText } from './dom';
import { addTypedTags } from './draft';

export class TagEditor {
  readonly input = el('vscode-textfield', { id: 'f-tags' });
  readonly chips = el('ul', { class: 'chips' });
  /** Says why a tag was not added; polite, so it does not interrupt typing. */
  readonly status = el('div', { class: 'hint', 'aria-live': 'polite' });
  private tags: string[] = [];
  /** The spellings other leads have: a tag typed in another case (`VIP`) is added as theirs (`vip`). */
  known: readonly string[] = [];

  constructor(
    private readonly strings: Strings,
    private readonly onChange: (tags: string[]) => void,
  ) {
    this.chips.setAttribute('aria-label', strings.tags);
    this.input.placeholder = strings.tagInput;
    this.input.addEventListener('keydown', (event) => this.onKeydown(event));
    this.input.addEventListener('blur', () => this.commitTyped());
    // A pasted "a, b, c" becomes chips at once; the text after the last comma stays in the box.
    this.input.addEventListener('input', () => {
      const text = this.input.value;
      const cut = text.lastIndexOf(',');
      if (cut >= 0) {
        this.add(text.slice(0, cut));
        this.input.value = text.slice(cut + 1);
      }
    });
  }

  /**
   * Makes chips of what is typed in the box. Typed text is an edit too: it is committed when
   * the box loses focus (also when the panel is hidden) and before a save.
   */
  commitTyped(): void {
    const typed = this.input.value;
    if (typed === '') return;
    this.input.value = '';
    if (typed.trim() !== '') this.add(typed);
  }

  /** `editable`: false while the document is not a lead (the form shows it, and edits nothing). */
  render(tags: string[], editable: boolean): void {
    this.input.readonly = !editable;
    this.chips.classList.toggle('readonly', !editable);
    const old = this.tags;
    if (tags.length !== old.length || tags.some((t, i) => t !== old[i])) {
      this.tags = [...tags];
      // Added at the end (a chip made as the box loses focus to a click on another chip):
      // the chips already there stay, so that click still lands.
      if (tags.length > old.length && old.every((t, i) => t === tags[i])) {
        this.chips.append(...tags.slice(old.length).map((tag, i) => this.chip(tag, old.length + i)));
      } else {
        this.chips.replaceChildren(...tags.map((tag, i) => this.chip(tag, i)));
      }
    }
    for (const button of this.chips.querySelectorAll('button')) button.disabled = !editable;
  }

  private chip(tag: string, index: number): HTMLLIElement {
    const label = format(this.strings.removeTag, tag);
    const button = el('button', { type: 'button', class: 'chip', 'aria-label': label, title: label }, el('span', {}, tag), el('span', { 'aria-hidden': 'true', class: 'chip-x' }, '×'));
    button.addEventListener('click', () => this.remove(index));
    button.addEventListener('keydown', (event) => {
      if (event.key === 'Backspace' || event.key === 'Delete') {
        event.preventDefault();
        this.remove(index);
      }
    });
    return el('li', {}, button);
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      this.commitTyped();
    } else if (event.key === 'Backspace' && this.input.value === '' && this.tags.length > 0) {
      event.preventDefault();
      this.remove(this.tags.length - 1);
    }
  }

  private add(typed: string): void {
    const { tags, duplicates, respelled } = addTypedTags(this.tags, typed, this.known);
    const said = [
      ...respelled.map(([part, tag]) => format(this.strings.knownSpelling, part, tag)),
      ...duplicates.map((tag) => format(this.strings.duplicateTag, tag)),
    ];
    setText(this.status, said.join(' '));
    if (tags.length !== this.tags.length) this.onChange(tags);
  }

  private remove(index: number): void {
    const tags = this.tags.filter((_, i) => i !== index);
    setText(this.status, '');
    this.onChange(tags);
    // Keep the keyboard where it was: on the next chip, else in the box.
    const next = this.chips.querySelectorAll('button')[Math.min(index, tags.length - 1)];
    (next ?? this.input).focus();
  }
}
