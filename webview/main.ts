// The lead form's entry point: the message loop with the host. The form holds no lead of
// its own: the host sends the document after every change, and the form sends its edits.
import { config as zodConfig } from 'zod/mini';
import type { ToHost, ToWebview } from '../src/shared/protocol';
import { FormView } from './form';
import { documentChanged, edit, initialState, showNotice, type FormState } from './formState';

interface WebviewApi {
  postMessage(message: ToHost): void;
}
declare function acquireVsCodeApi(): WebviewApi;

// The form's CSP forbids compiling code: zod is told so, rather than finding out by trying
// (a refused `new Function` is reported as a CSP violation even when caught).
zodConfig({ jitless: true });

const vscode = acquireVsCodeApi();
const root = document.getElementById('app') as HTMLElement;
let state: FormState = initialState();
let form: FormView | undefined;

function update(next: FormState): void {
  state = next;
  form?.render(next);
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'init':
      form ??= new FormView(root, message.strings, {
        edit: (field, value) => {
          const { state: next, request } = edit(state, field, value);
          update(next);
          if (request) vscode.postMessage(request);
        },
        host: (action) => {
          // A tag typed but not yet a chip is part of what the user saves.
          if (action === 'save') form?.commitTyped();
          vscode.postMessage({ type: 'action', action });
        },
      });
      form.knownTags = message.knownTags;
      form.render(state);
      return;
    case 'document':
      update(documentChanged(state, message));
      return;
    case 'notice':
      update(showNotice(state, message.notice));
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => receive(event.data));
document.addEventListener('keydown', (event) => {
  // Ctrl/Cmd+S is VS Code's Save of the document: a tag still in the box goes in first.
  if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 's') form?.commitTyped();
});
vscode.postMessage({ type: 'ready' });
