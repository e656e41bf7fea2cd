// The lead form's DOM: built once from the strings, then brought in line with the
// state on every change. Controls are only written when they differ, so the caret
// and focus stay where the user left them.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textarea/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/vscode-single-select.js';
import type { VscodeTextarea } from '@vscode-elements/elements/dist/vscode-textarea/vscode-textarea.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/vscode-textfield.js';
import { STATUSES, type Status } from '../src/shared/schemas';
import { formatDateTime } from '../src/shared/dates';
import { phoneCountry } from '../src/shared/phone';
import { formatPhoneForReading } from '../src/shared/phoneFormat';
import type { StringKey, Strings } from '../src/shared/protocol';
import { el, format, setText } from './dom';
import type { Draft, DraftField, FieldMessage } from './draft';
import { deriveForm, type FormState } from './formState';
import { TagEditor } from './tagEditor';

export interface FormActions {
  edit<F extends DraftField>(field: F, value: Draft[F]): void;
  host(action: 'save' | 'openAsJson' | 'setToken'): void;
}

type TextControl = VscodeTextfield | VscodeTextarea;

interface Row {
  element: HTMLElement;
  /** What aria-invalid and the message go on. */
  control: TextControl | VscodeSingleSelect;
  hint: HTMLElement;
  error: HTMLElement;
}

const STATUS_KEYS: Record<Status, StringKey> = {
  New: 'statusNew',
  Contacted: 'statusContacted',
  Converted: 'statusConverted',
  Unsubscribed: 'statusUnsubscribed',
};

export class FormView {
  private readonly rows = new Map<DraftField, Row>();
  private readonly text = new Map<DraftField, TextControl>();
  private readonly status = el('vscode-single-select', { id: 'f-status' });
  private readonly tags: TagEditor;
  private readonly heading = el('h1');
  private readonly saveState = el('span', { class: 'save-state', role: 'status' });
  private readonly saveButton = el('vscode-button', { id: 'save' });
  private readonly jsonButton = el('vscode-button', { id: 'open-json', secondary: '' });
  private readonly banner = el('div', { class: 'banner', role: 'alert', hidden: '' });
  private readonly country = el('div', { class: 'hint country', id: 'f-phone_number-country' });
  private readonly details = el('dl', { class: 'details' });
  private readonly regions: Intl.DisplayNames | undefined;
  private bannerShown: string | undefined;

  /** The tags other leads have, one spelling each: what a tag typed in another case becomes. */
  set knownTags(tags: readonly string[]) {
    this.tags.known = tags;
  }

  constructor(
    root: HTMLElement,
    private readonly strings: Strings,
    private readonly actions: FormActions,
  ) {
    try {
      this.regions = new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'region' });
    } catch {
      this.regions = undefined;
    }
    this.tags = new TagEditor(strings, (tags) => actions.edit('tags', tags));
    this.saveButton.append(strings.save);
    this.jsonButton.append(strings.openAsJson);
    this.saveButton.addEventListener('click', () => actions.host('save'));
    this.jsonButton.addEventListener('click', () => actions.host('openAsJson'));
    for (const status of STATUSES) {
      this.status.append(el('vscode-option', { value: status }, strings[STATUS_KEYS[status]]));
    }
    this.status.addEventListener('change', () => actions.edit('status', this.status.value as Status));

    const form = el(
      'div',
      { class: 'form', role: 'form', 'aria-labelledby': 'lead-title' },
      this.row('name', 'name', this.textField('name')),
      this.row('phone_number', 'phone', this.textField('phone_number', { type: 'tel', autocomplete: 'tel' }), 'phoneHint', this.country),
      this.row('email', 'email', this.textField('email'), 'emailHint'),
      this.row('status', 'status', this.status),
      this.row('tags', 'tags', this.tags.input, 'tagsHint', this.tags.chips, this.tags.status),
      this.row('notes', 'notes', this.textArea('notes', 6)),
      this.row('notes_append', 'notesAppend', this.textArea('notes_append', 3), 'appendHint'),
      this.row('metadata', 'metadata', this.textArea('metadata', 6, true), 'metadataHint'),
    );
    this.heading.id = 'lead-title';
    const toolbar = el('div', { class: 'toolbar' }, this.saveButton, this.jsonButton, this.saveState);
    const details = el('section', { 'aria-labelledby': 'details-title' }, el('h2', { id: 'details-title' }, strings.details), this.details);
    root.replaceChildren(el('header', {}, this.heading, toolbar), this.banner, form, details);
    root.removeAttribute('aria-busy');
  }

  /** What is typed in the tag box but not yet a chip joins the draft. */
  commitTyped(): void {
    this.tags.commitTyped();
  }

  render(state: FormState): void {
    const { draft } = state;
    const shown = deriveForm(state);
    const { editable, errors } = shown;
    setText(this.heading, draft.name || draft.phone_number);
    for (const [field, control] of this.text) {
      const value = draft[field];
      if (typeof value === 'string' && control.value !== value) control.value = value;
      control.readonly = !editable;
    }
    if (this.status.value !== draft.status) this.status.value = draft.status;
    this.status.disabled = !editable;
    this.tags.render(draft.tags, editable);

    if (editable) {
      this.lock('notes', shown.appending && !shown.notesEdited, 'notesLocked', 'notesHint');
      this.lock('notes_append', shown.notesEdited && !shown.appending, 'appendLocked', 'appendHint');
    }
    // The number as it reads, whatever spacing it was typed with: what is saved is E.164.
    const country = phoneCountry(draft.phone_number);
    setText(
      this.country,
      [country ? format(this.strings.country, this.regions?.of(country) ?? country) : '', shown.phone ? formatPhoneForReading(shown.phone) : '']
        .filter(Boolean)
        .join(' · '),
    );

    for (const [field, row] of this.rows) {
      row.element.classList.toggle('modified', shown.modified.has(field));
      this.showErrors(row, errors[field] ?? []);
    }
    const metadataRow = this.rows.get('metadata');
    if (metadataRow && editable) setText(metadataRow.hint, this.strings[errors.metadata ? 'metadataPending' : 'metadataHint']);
    this.renderBanner(state, errors[''] ?? []);
    if (state.document?.ok) this.renderDetails(state.document.readonly);
    this.saveButton.disabled = !state.dirty;
    setText(this.saveState, state.dirty ? this.strings.unsaved : '');
  }

  private textField(field: DraftField, attributes: Record<string, string> = {}): VscodeTextfield {
    const control = el('vscode-textfield', { id: `f-${field}`, ...attributes });
    control.addEventListener('input', () => this.actions.edit(field, control.value));
    this.text.set(field, control);
    return control;
  }

  private textArea(field: DraftField, rows: number, monospace = false): VscodeTextarea {
    const control = el('vscode-textarea', { id: `f-${field}`, rows: String(rows), resize: 'vertical' });
    control.monospace = monospace;
    control.addEventListener('input', () => this.actions.edit(field, control.value));
    this.text.set(field, control);
    return control;
  }

  private row(
    field: DraftField,
    label: StringKey,
    control: Row['control'],
    hint?: StringKey,
    ...extra: HTMLElement[]
  ): HTMLElement {
    const hintElement = el('div', { class: 'hint', id: `f-${field}-hint` }, hint ? this.strings[hint] : '');
    const error = el('div', { class: 'error', id: `f-${field}-error`, 'aria-live': 'polite' });
    // The error first: it is what needs acting on. Extras (the phone's country) describe the value too.
    const hints = extra.filter((node) => node.classList.contains('hint') && node.id);
    control.setAttribute('aria-describedby', [error.id, hintElement.id, ...hints.map((node) => node.id)].join(' '));
    const element = el(
      'div',
      { class: 'field', 'data-field': field },
      el('vscode-label', { for: control.id }, this.strings[label]),
      control,
      ...extra,
      hintElement,
      error,
    );
    this.rows.set(field, { element, control, hint: hintElement, error });
    return element;
  }

  /** Notes and an appended note exclude each other: the one not in use is read-only, and says why. */
  private lock(field: 'notes' | 'notes_append', locked: boolean, why: StringKey, usual: StringKey): void {
    const control = this.text.get(field);
    const row = this.rows.get(field);
    if (!control || !row) return;
    control.readonly = locked;
    setText(row.hint, this.strings[locked ? why : usual]);
  }

  private showErrors(row: Row, messages: FieldMessage[]): void {
    const text = messages.map((m) => ('text' in m ? m.text : format(this.strings[m.key], m.arg ?? ''))).join(' ');
    setText(row.error, text);
    const invalid = text !== '';
    row.control.invalid = invalid;
    row.element.classList.toggle('invalid', invalid);
    if (invalid) row.control.setAttribute('aria-invalid', 'true');
    else row.control.removeAttribute('aria-invalid');
    // The input the screen reader is on lives in the control's shadow root, out of reach of
    // aria-describedby: give it the message (or the hint) directly.
    const inner = 'wrappedElement' in row.control ? row.control.wrappedElement : undefined;
    if (inner) {
      inner.setAttribute('aria-invalid', String(invalid));
      inner.setAttribute('aria-description', invalid ? text : (row.hint.textContent ?? ''));
    }
  }

  /** Why the form cannot edit (the JSON is broken), or what the last save said. */
  private renderBanner(state: FormState, leadErrors: FieldMessage[]): void {
    const { document: shown, notice } = state;
    const lines: string[] = [];
    const actions: VscodeButton[] = [];
    if (shown && !shown.ok) {
      lines.push(format(this.strings.invalidDocument, shown.problem));
      actions.push(this.button(this.strings.openAsJson, () => this.actions.host('openAsJson')));
    } else if (notice) {
      lines.push(notice.message);
      lines.push(...leadErrors.map((m) => ('text' in m ? m.text : format(this.strings[m.key], m.arg ?? ''))).filter((line) => line !== notice.message));
      if (notice.signIn) actions.push(this.button(this.strings.setToken, () => this.actions.host('setToken')));
    }
    const signature = JSON.stringify([lines, actions.length]);
    if (signature === this.bannerShown) return;
    this.bannerShown = signature;
    this.banner.hidden = lines.length === 0;
    this.banner.replaceChildren(...lines.map((line) => el('p', {}, line)), el('div', { class: 'actions' }, ...actions));
  }

  /** The document's `_readonly` part, read as loosely as it may have been edited. */
  private renderDetails(readonly: unknown): void {
    const record = typeof readonly === 'object' && readonly !== null ? (readonly as Record<string, unknown>) : {};
    const text = (key: string): string => (typeof record[key] === 'string' && record[key] !== '' ? (record[key]) : this.strings.none);
    const when = (key: string): string => {
      const iso = record[key];
      return typeof iso === 'string' && iso !== '' ? formatDateTime(iso, document.documentElement.lang) : this.strings.none;
    };
    const lists = Array.isArray(record.list_ids) ? record.list_ids.filter((id) => typeof id === 'string') : [];
    const rows: [StringKey, string][] = [
      ['id', text('id')],
      ['accountId', text('account_id')],
      ['created', when('created_at')],
      ['updated', when('updated_at')],
      ['converted', when('converted_at')],
      ['lists', lists.length ? lists.join(', ') : this.strings.none],
    ];
    const signature = JSON.stringify(rows);
    if (this.details.dataset.shown === signature) return;
    this.details.dataset.shown = signature;
    this.details.replaceChildren(...rows.flatMap(([label, value]) => [el('dt', {}, this.strings[label]), el('dd', {}, value)]));
  }

  private button(label: string, onClick: () => void): VscodeButton {
    const button = el('vscode-button', {}, label);
    button.addEventListener('click', onClick);
    return button;
  }
}
