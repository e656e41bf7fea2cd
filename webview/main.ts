// The lead form's entry point: the message loop with the host, persistence across
// hiding and reloads (getState/setState), and Ctrl/Cmd+S.
import { config as zodConfig } from 'zod/mini';
import type { ToHost, ToWebview } from '../src/protocol';
import { FormView } from './form';
import {
  applySaveResult,
  beginSave,
  edit,
  initialState,
  isDirty,
  leadChanged,
  resolveConflict,
  revert,
  showNotice,
  type FormState,
} from './formState';

interface WebviewApi {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: FormState): void;
}
declare function acquireVsCodeApi(): WebviewApi;

// The form's CSP forbids compiling code: zod and the response schemas' compiled checks
// (src/api/responseObject.ts) are told so, rather than finding out by trying (a refused
// `new Function` is reported as a CSP violation even when caught).
zodConfig({ jitless: true });

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
let state: FormState | undefined;
let form: FormView | undefined;
let reportedDirty: boolean | undefined;

function update(next: FormState): void {
  state = next;
  vscode.setState(next);
  form?.render(next);
  const dirty = isDirty(next);
  if (dirty !== reportedDirty) {
    reportedDirty = dirty;
    vscode.postMessage({ type: 'dirty', dirty });
  }
}

/** The one way to save (button, Ctrl/Cmd+S, the host's keybinding, Retry): at most one save in flight. */
function save(): void {
  // A save from the keyboard leaves the focus (and any typed tag) in the tag box.
  form?.commitTyped();
  const started = state && beginSave(state);
  if (!started) return;
  update(started.state);
  vscode.postMessage(started.request);
}

function receive(message: ToWebview): void {
  if (message.type === 'init') {
    form ??= new FormView(root, message.strings, {
      edit: (field, value) => state && update(edit(state, field, value)),
      save,
      revert: () => state && update(revert(state)),
      resolve: (field, keep) => state && update(resolveConflict(state, field, keep)),
      host: (action) => vscode.postMessage({ type: 'action', action }),
    });
    update(initialState(message.lead, state ?? vscode.getState(), message.savePending));
    return;
  }
  if (!state) return;
  switch (message.type) {
    case 'lead':
      update(leadChanged(state, message.lead));
      return;
    case 'saveResult':
      update(applySaveResult(state, message.result));
      if (message.result.outcome === 'saved') form?.flashSaved();
      return;
    case 'notice':
      update(showNotice(state, message.failure));
      return;
    case 'requestSave':
      save();
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => receive(event.data));
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') {
    event.preventDefault();
    save();
  }
});
vscode.postMessage({ type: 'ready' });
