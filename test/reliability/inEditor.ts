// Helpers the in-editor reliability tests share: seeing what the extension shows the
// user, reaching the lead form's host side, reading the extension's log files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ApiError } from '../../src/api/errors';
import type { Lead } from '../../src/shared/schemas';
import { leadUri } from '../../src/document/leadUri';
import type { LeadForm } from '../../src/leadForm/leadForm';
import type { FormTesting } from '../../src/leadForm/register';
import type { TestingApi } from '../../src/extension';
import type { EditField, Notice, ToWebview } from '../../src/shared/protocol';
import type { Sandbox } from '../sandbox';
import { waitFor } from '../integration/support';

export interface Shown {
  kind: 'error' | 'warning' | 'info' | 'status';
  text: string;
  actions: string[];
}

export interface Notifications {
  shown: Shown[];
  since(mark: number): Shown[];
  restore(): void;
}

type ShowFn = (message: string, ...rest: unknown[]) => Thenable<unknown>;

/**
 * Records every notification and status-bar message from now on. In the extension host
 * the test files get the same `vscode` API object as the extension under test (they live
 * in its folder), so wrapping its functions sees what the extension shows. When that does
 * not hold, it throws: a capture that sees nothing would pass every check made on it.
 */
export async function captureNotifications(): Promise<Notifications> {
  const win = vscode.window as unknown as Record<string, unknown>;
  const shown: Shown[] = [];
  const originals = new Map<string, unknown>();
  const wrap = (name: string, kind: Shown['kind']): void => {
    const original = win[name] as ShowFn;
    const wrapped = (message: string, ...rest: unknown[]): Thenable<unknown> => {
      const actions = rest.filter((r): r is string => typeof r === 'string');
      shown.push({ kind, text: String(message), actions });
      return original.call(vscode.window, message, ...rest);
    };
    try {
      Object.defineProperty(win, name, { value: wrapped, configurable: true, writable: true });
      originals.set(name, original);
    } catch {
      // A frozen API object: the probe below finds the capture blind.
    }
  };
  wrap('showErrorMessage', 'error');
  wrap('showWarningMessage', 'warning');
  wrap('showInformationMessage', 'info');
  wrap('setStatusBarMessage', 'status');
  // Probe: a filter the extension rejects with an error message, changing nothing. (Not
  // Retry Failed Edits: after another test's failures it retries them instead of saying so.)
  await vscode.commands.executeCommand('topcalls.filter', { notificationProbe: true });
  const probed = shown.splice(0).some((s) => s.kind === 'error' && /Invalid filter/.test(s.text));
  const restore = (): void => {
    for (const [name, original] of originals) Object.defineProperty(win, name, { value: original, configurable: true, writable: true });
  };
  if (!probed) {
    restore();
    assert.fail("the notification capture does not see the extension's messages (its probe, an invalid topcalls.filter, showed nothing it saw)");
  }
  return {
    shown,
    since: (mark) => shown.slice(mark),
    restore,
  };
}

export function formHooks(api: TestingApi): FormTesting {
  const forms = (api as TestingApi & { forms?: FormTesting }).forms;
  assert.ok(forms, 'the extension exposes the lead forms (testing.forms)');
  return forms;
}

export interface FormHandle {
  lead: Lead;
  form: LeadForm;
  /** The lead's document, the form's only state. */
  document: vscode.TextDocument;
  /** Everything the host posted to this form since it was created. */
  posted: ToWebview[];
  /** Closes the form, dropping its unsaved edits. */
  dispose(): Promise<void>;
}

/** Opens `lead` with Open Lead (the form, the tab's default editor) and waits until its page has loaded and been sent the document. */
export async function openForm(api: TestingApi, lead: Lead): Promise<FormHandle> {
  const uri = leadUri(lead.id);
  const posted: ToWebview[] = [];
  let form: LeadForm | undefined;
  // A form already open (Go to Lead by Phone opens one) would only be revealed: it is closed so that a new one is recorded from its start.
  for (const open of formHooks(api).forms(uri)) open.panel.dispose();
  let replaced = false;
  const sub = formHooks(api).onDidOpen((opened) => {
    if (opened.document.uri.toString() !== uri.toString() || form) return;
    form = opened;
    opened.onDidPost((message) => posted.push(message));
    // A preview tab that another open replaced before its page loaded: open it again, as a user would.
    opened.onDidDispose(() => {
      if (form === opened && !posted.some((m) => m.type === 'document')) replaced = true;
    });
  });
  try {
    for (let attempt = 1; ; attempt++) {
      await vscode.commands.executeCommand('topcalls.openLead', lead.id);
      await waitFor(() => form !== undefined, `a form on ${uri.toString()}`, 15_000);
      await waitFor(() => replaced || posted.some((m) => m.type === 'document'), 'the form to load and be sent the document', 15_000);
      if (!replaced) break;
      assert.ok(attempt < 3, 'the form was closed before its page loaded, three times');
      form = undefined;
      replaced = false;
      posted.length = 0;
    }
  } finally {
    sub.dispose();
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  assert.ok(document && form, 'the lead document is open');
  const opened = form;
  return {
    lead,
    form: opened,
    document,
    posted,
    dispose: async () => {
      if (document.isDirty) {
        await vscode.window.showTextDocument(document);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      opened.panel.dispose();
    },
  };
}

let editCount = 0;

/**
 * What the user does in the form to save `changes`: each field edited (as the page sends
 * it), then Save. Resolves with whether VS Code saved the document.
 */
export async function saveInForm(handle: FormHandle, changes: Partial<Record<EditField, unknown>>): Promise<boolean> {
  for (const [field, value] of Object.entries(changes)) {
    await handle.form.handleMessage({ type: 'edit', seq: ++editCount, field, value });
  }
  return handle.document.save();
}

/** The banner the form shows now (undefined when none). */
export function shownNotice(handle: FormHandle): Notice | undefined {
  const last = handle.posted.filter((m): m is Extract<ToWebview, { type: 'notice' }> => m.type === 'notice').at(-1);
  return last?.notice;
}

/** Waits until the sandbox has finished every request (delayed ones apply late). */
export async function sandboxIdle(sandbox: Sandbox, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => sandbox.inFlight === 0, 'the sandbox to finish its requests', timeoutMs);
}

/** Every file under a folder, as text (log folders are small). */
export async function readTree(uri: vscode.Uri): Promise<{ path: string; text: string }[]> {
  const out: { path: string; text: string }[] = [];
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(uri);
  } catch {
    return out;
  }
  for (const [name, type] of entries) {
    const child = vscode.Uri.joinPath(uri, name);
    if (type & vscode.FileType.Directory) out.push(...(await readTree(child)));
    else if (type & vscode.FileType.File) {
      const bytes = await vscode.workspace.fs.readFile(child);
      out.push({ path: child.fsPath, text: new TextDecoder().decode(bytes) });
    }
  }
  return out;
}

/** The extension's log files (its LogOutputChannel writes under context.logUri), once `marker` reached them. */
export async function extensionLogs(api: TestingApi, marker: string): Promise<{ path: string; text: string }[]> {
  api.log.info(marker);
  let files: { path: string; text: string }[] = [];
  await waitFor(
    async () => {
      files = await readTree(api.context.logUri);
      return files.some((f) => f.text.includes(marker));
    },
    `the log marker ${marker} to reach the log file under ${api.context.logUri.fsPath}`,
    10_000,
  );
  return files;
}

export function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  return haystack.split(needle).length - 1;
}

/**
 * The extension's errors come from its own bundle, so `instanceof` against the test
 * bundle's ApiError fails: rebuild one with the same fields to use the same describeError.
 */
export function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'ApiError') return undefined;
  const e = error as ApiError;
  return new ApiError({
    kind: e.kind,
    title: e.title,
    status: e.status,
    detail: e.detail,
    fieldErrors: e.fieldErrors,
    retryAfterMs: e.retryAfterMs,
    requestId: e.requestId,
    type: e.type,
  });
}
