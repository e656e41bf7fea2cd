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
import { STATUSES, type Lead, type Status } from '../src/api/schemas';
import type { EditableField } from '../src/editor/fields';
import { formatDateTime } from '../src/dates';
import { normalizePhone, phoneCountry } from '../src/phone';
import { formatPhoneForReading } from '../src/phoneFormat';
import type { StringKey, Strings } from '../src/protocol';
import { el, format, setText } from './dom';
import type { Draft, DraftField, FieldMessage } from './draft';
import { canSave, fieldErrors, isDirty, isModified, notesMode, type Banner, type FormState } from './formState';
import { TagEditor } from './tags';

export interface FormActions {
  edit<F extends DraftField>(field: F, value: Draft[F]): void;
  save(): void;
  revert(): void;
  resolve(field: EditableField, keep: 'theirs' | 'mine'): void;
  host(action: 'setToken' | 'close'): void;
}

type TextControl = VscodeTextfield | VscodeTextarea;

interface Row {
  element: HTMLElement;
  /** What aria-invalid and the message go on. */
  control: TextControl | VscodeSingleSelect;
  hint: HTMLElement;
  error: HTMLElement;
  conflict: HTMLElement;
}

const STATUS_KEYS: Record<Status, StringKey> = {
  New: 'statusNew',
  Contacted: 'statusContacted',
  Converted: 'statusConverted',
  Unsubscribed: 'statusUnsubscribed',
};

const SAVED_FLASH_MS = 2500;

export class FormView {
  private readonly rows = new Map<DraftField, Row>();
  private readonly text = new Map<DraftField, TextControl>();
  private readonly status = el('vscode-single-select', { id: 'f-status' });
  private readonly tags: TagEditor;
  private readonly heading = el('h1');
  private readonly saveState = el('span', { class: 'save-state', role: 'status' });
  private readonly saveButton = el('vscode-button', { id: 'save' });
  private readonly revertButton = el('vscode-button', { id: 'revert', secondary: '' });
  private readonly banner = el('div', { class: 'banner', role: 'alert', hidden: '' });
  private readonly country = el('div', { class: 'hint country', id: 'f-phone_number-country' });
  private readonly details = el('dl', { class: 'details' });
  private readonly regions: Intl.DisplayNames | undefined;
  private bannerShown: Banner | undefined;
  private savedUntil = 0;
  private last: FormState | undefined;

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
    this.revertButton.append(strings.revert);
    this.saveButton.addEventListener('click', () => actions.save());
    this.revertButton.addEventListener('click', () => actions.revert());
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
    const toolbar = el('div', { class: 'toolbar' }, this.saveButton, this.revertButton, this.saveState);
    const details = el('section', { 'aria-labelledby': 'details-title' }, el('h2', { id: 'details-title' }, strings.details), this.details);
    root.replaceChildren(el('header', {}, this.heading, toolbar), this.banner, form, details);
    root.removeAttribute('aria-busy');
  }

  /** What is typed in the tag box but not yet a chip joins the draft. */
  commitTyped(): void {
    this.tags.commitTyped();
  }

  render(state: FormState): void {
    this.last = state;
    const { draft } = state;
    setText(this.heading, state.base.name || state.base.phone_number);
    for (const [field, control] of this.text) {
      const value = draft[field];
      if (typeof value === 'string' && control.value !== value) control.value = value;
    }
    if (this.status.value !== draft.status) this.status.value = draft.status;
    this.tags.render(draft.tags);

    const { notesEdited, appending } = notesMode(state);
    this.lock('notes', appending && !notesEdited, 'notesLocked', 'notesHint');
    this.lock('notes_append', notesEdited && !appending, 'appendLocked', 'appendHint');
    const country = phoneCountry(draft.phone_number);
    const e164 = normalizePhone(draft.phone_number);
    // The number as it reads, whatever spacing it was typed with: what is saved is E.164.
    setText(
      this.country,
      [country ? format(this.strings.country, this.regions?.of(country) ?? country) : '', e164 ? formatPhoneForReading(e164) : '']
        .filter(Boolean)
        .join(' · '),
    );

    const errors = fieldErrors(state);
    for (const [field, row] of this.rows) {
      row.element.classList.toggle('modified', isModified(state, field));
      this.showErrors(row, errors[field] ?? []);
      this.showConflict(field, row, state);
    }
    this.renderBanner(state.banner, errors[''] ?? []);
    this.renderDetails(state.base);
    this.saveButton.disabled = !canSave(state);
    this.revertButton.disabled = state.saving !== undefined || !isDirty(state);
    this.renderSaveState();
  }

  /** A brief "Saved" after a save went through. */
  flashSaved(): void {
    this.savedUntil = Date.now() + SAVED_FLASH_MS;
    this.renderSaveState();
    setTimeout(() => this.renderSaveState(), SAVED_FLASH_MS);
  }

  private renderSaveState(): void {
    const state = this.last;
    if (!state) return;
    const text = state.saving
      ? this.strings.saving
      : Date.now() < this.savedUntil
        ? this.strings.saved
        : isDirty(state)
          ? this.strings.unsaved
          : '';
    setText(this.saveState, text);
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
    const conflict = el('div', { class: 'conflict', role: 'group', hidden: '' });
    const element = el(
      'div',
      { class: 'field', 'data-field': field },
      el('vscode-label', { for: control.id }, this.strings[label]),
      control,
      ...extra,
      hintElement,
      error,
      conflict,
    );
    this.rows.set(field, { element, control, hint: hintElement, error, conflict });
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

  private showConflict(field: DraftField, row: Row, state: FormState): void {
    const theirs = field === 'notes_append' ? undefined : state.conflicts[field];
    row.element.classList.toggle('conflicted', theirs !== undefined);
    row.conflict.hidden = theirs === undefined;
    if (theirs === undefined || field === 'notes_append') {
      row.conflict.replaceChildren();
      return;
    }
    const shown = (value: Draft[EditableField]): string => {
      const text = Array.isArray(value) ? value.join(', ') : value;
      return text === '' ? this.strings.empty : text;
    };
    const signature = JSON.stringify([theirs, state.draft[field]]);
    if (row.conflict.dataset.shown === signature) return;
    row.conflict.dataset.shown = signature;
    const keepTheirs = this.button(this.strings.keepTheirs, () => this.actions.resolve(field, 'theirs'), true);
    const overwrite = this.button(this.strings.overwrite, () => this.actions.resolve(field, 'mine'), true);
    row.conflict.replaceChildren(
      el('div', { class: 'theirs' }, format(this.strings.theirs, shown(theirs))),
      el('div', { class: 'yours' }, format(this.strings.yours, shown(state.draft[field]))),
      el('div', { class: 'actions' }, keepTheirs, overwrite),
    );
  }

  private renderBanner(banner: Banner | undefined, leadErrors: FieldMessage[]): void {
    if (banner === this.bannerShown) return;
    this.bannerShown = banner;
    this.banner.hidden = banner === undefined;
    if (!banner) {
      this.banner.replaceChildren();
      return;
    }
    const lines: string[] = [];
    const actions: VscodeButton[] = [];
    const retry = (): VscodeButton => this.button(this.strings.retry, () => this.actions.save());
    if (banner.kind === 'conflict') {
      lines.push(this.strings.conflictBanner);
    } else if (banner.kind === 'merged') {
      lines.push(this.strings.mergedBanner);
    } else {
      const { failure } = banner;
      const intros = { fields: 'fieldsBanner', auth: 'authBanner', gone: 'goneBanner', error: undefined } as const;
      const intro = intros[failure.kind];
      // What happened (the form's own words for the cases it has them), then the API's own
      // words, unless a field (or the line below) already shows them.
      lines.push(intro ? this.strings[intro] : failure.title);
      const shownAtFields = Object.values(failure.fieldErrors).flat();
      if (failure.detail && !shownAtFields.includes(failure.detail)) lines.push(failure.detail);
      lines.push(...leadErrors.map((m) => ('text' in m ? m.text : this.strings[m.key])));
      if (failure.maybeAppended) lines.push(this.strings.maybeAppended);
      if (failure.kind === 'auth') actions.push(this.button(this.strings.setToken, () => this.actions.host('setToken')), retry());
      else if (failure.kind === 'gone') actions.push(this.button(this.strings.close, () => this.actions.host('close')));
      else if (failure.retry) actions.push(retry());
    }
    this.banner.replaceChildren(...lines.map((line) => el('p', {}, line)), el('div', { class: 'actions' }, ...actions));
  }

  private renderDetails(lead: Lead): void {
    const when = (iso: string | null | undefined): string => (iso ? formatDateTime(iso, document.documentElement.lang) : this.strings.none);
    const rows: [StringKey, string][] = [
      ['id', lead.id],
      ['accountId', lead.account_id],
      ['created', when(lead.created_at)],
      ['updated', when(lead.updated_at)],
      ['converted', when(lead.converted_at)],
      ['lists', lead.list_ids?.length ? lead.list_ids.join(', ') : this.strings.none],
    ];
    const signature = JSON.stringify(rows);
    if (this.details.dataset.shown === signature) return;
    this.details.dataset.shown = signature;
    this.details.replaceChildren(...rows.flatMap(([label, value]) => [el('dt', {}, this.strings[label]), el('dd', {}, value)]));
  }

  private button(label: string, onClick: () => void, secondary = false): VscodeButton {
    const button = el('vscode-button', secondary ? { secondary: '' } : {}, label);
    button.addEventListener('click', onClick);
    return button;
  }
}
