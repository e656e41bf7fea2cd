// What the in-editor tests share: the extension's test hooks, a sandbox wired to
// the settings, and waiting for the editor to catch up.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingApi } from '../../src/extension';
import type { LeadsNode } from '../../src/tree/nodes';
import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox';

export const EXTENSION_ID = 'topcalls.topcalls-leads';

export async function extensionApi(): Promise<TestingApi> {
  const extension = vscode.extensions.getExtension<{ testing?: TestingApi }>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const exports = await extension.activate();
  assert.ok(exports.testing, 'the extension exposes its test hooks only with TOPCALLS_TEST=1');
  return exports.testing;
}

export function settings(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('topcalls');
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await settings().update(key, value, vscode.ConfigurationTarget.Global);
}

/** Starts a sandbox and points the extension at it, signed out. */
export async function sandboxed(options: SandboxOptions = {}): Promise<{ sandbox: Sandbox; api: TestingApi }> {
  const api = await extensionApi();
  const sandbox = await startSandbox({ leads: 60, ...options });
  await setSetting('apiBaseUrl', sandbox.url);
  await api.tokens.clear();
  await waitFor(async () => (await api.view.provider.getChildren()).length === 0, 'the view to show its signed-out state');
  return { sandbox, api };
}

/** Signs in with the sandbox's token through the real command. */
export async function signIn(sandbox: Sandbox): Promise<void> {
  const stored = await vscode.commands.executeCommand<boolean>('topcalls.setToken', sandbox.token);
  assert.equal(stored, true, 'the sandbox token was not accepted');
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The children of a tree node, as VS Code would ask for them. */
export function children(api: TestingApi, node?: LeadsNode): Promise<LeadsNode[]> {
  return Promise.resolve(api.view.provider.getChildren(node));
}

/** The list requests the sandbox received, as `status=New&limit=50` style query strings. */
export function listQueries(sandbox: Sandbox): string[] {
  return sandbox.requests
    .filter((r) => r.method === 'GET' && r.path === '/v1/leads')
    .map((r) => new URLSearchParams(r.query).toString());
}

export interface Modal {
  message: string;
  detail: string | undefined;
  actions: string[];
}

/**
 * Runs `action`, answering each modal warning it shows with `answer` (undefined: Cancel) as the
 * user's click would, and returns the modals it showed. Only modals: a test cannot click one in
 * the extension host, and an unanswered one would wait forever. The other warnings pass through.
 */
export async function answeringModals<T>(answer: string | undefined, action: () => Thenable<T>): Promise<{ result: T; modals: Modal[] }> {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win.showWarningMessage as (...args: unknown[]) => Thenable<unknown>;
  const modals: Modal[] = [];
  const answering = (message: string, ...rest: unknown[]): Thenable<unknown> => {
    const options = rest[0];
    if (typeof options === 'object' && options !== null && (options as vscode.MessageOptions).modal) {
      const actions = rest.slice(1).filter((r): r is string => typeof r === 'string');
      modals.push({ message, detail: (options as vscode.MessageOptions).detail, actions });
      return Promise.resolve(answer !== undefined && actions.includes(answer) ? answer : undefined);
    }
    return original.call(vscode.window, message, ...rest);
  };
  Object.defineProperty(win, 'showWarningMessage', { value: answering, configurable: true, writable: true });
  try {
    return { result: await action(), modals };
  } finally {
    Object.defineProperty(win, 'showWarningMessage', { value: original, configurable: true, writable: true });
  }
}

/** Signs out through the real command, confirming its modal. */
export async function signOut(): Promise<void> {
  const { result, modals } = await answeringModals('Sign Out', () => vscode.commands.executeCommand<boolean>('topcalls.signOut'));
  assert.equal(modals.length, 1, 'Sign Out asks once');
  assert.equal(result, true, 'signed out');
}

/** The input boxes the extension creates from now on (the real ones: this only keeps a hand on them). */
export function watchInputBoxes(): { next(): Promise<vscode.InputBox>; restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win.createInputBox as () => vscode.InputBox;
  const created: vscode.InputBox[] = [];
  Object.defineProperty(win, 'createInputBox', {
    value: () => {
      const box = original.call(vscode.window);
      created.push(box);
      return box;
    },
    configurable: true,
    writable: true,
  });
  let taken = 0;
  return {
    next: async () => {
      await waitFor(() => created.length > taken, 'an input box');
      return created[taken++]!;
    },
    restore: () => Object.defineProperty(win, 'createInputBox', { value: original, configurable: true, writable: true }),
  };
}

export function messageOf(box: vscode.InputBox): string {
  const message = box.validationMessage;
  return typeof message === 'string' ? message : (message?.message ?? '');
}

/** Presses Enter in the open input box, as the user would. */
export function accept(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

/**
 * The hooks of a suite on lead documents: a signed-in sandbox for the whole suite, faults and
 * requests cleared before each test, and after each the lead documents it left unsaved reverted
 * and every editor closed, so no save prompt waits for the next test.
 */
export function leadDocumentSuite(leads: number): { sandbox: Sandbox; api: TestingApi } {
  const suite = {} as { sandbox: Sandbox; api: TestingApi };
  before(async () => {
    Object.assign(suite, await sandboxed({ leads }));
    await signIn(suite.sandbox);
  });
  after(async () => {
    await setSetting('requestTimeoutMs', undefined);
    await suite.api.tokens.clear();
    await suite.sandbox.close();
  });
  beforeEach(() => {
    suite.sandbox.clearFaults();
    suite.sandbox.clearRequests();
  });
  afterEach(async () => {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== 'topcalls' || !document.isDirty) continue;
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  return suite;
}

/** A tree item's label as text, whichever form (string or highlighted label) it has. */
export function labelText(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/**
 * A progress notification (export's, import's) with its Cancel pressed once the first number in
 * its message (leads written, rows sent) reaches `cancelAt`.
 */
export function cancellingProgress(cancelAt: number): { restore(): void } {
  const win = vscode.window as unknown as Record<string, unknown>;
  const original = win.withProgress as typeof vscode.window.withProgress;
  const show = original.bind(vscode.window);
  const wrapped = <R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string }>, token: vscode.CancellationToken) => Thenable<R>): Thenable<R> =>
    show(options, (progress, token) => {
      const cancel = new vscode.CancellationTokenSource();
      token.onCancellationRequested(() => cancel.cancel());
      return task(
        {
          report: (value) => {
            if (Number(/\d+/.exec(value.message ?? '')?.[0]) >= cancelAt) cancel.cancel();
            progress.report(value);
          },
        },
        cancel.token,
      );
    });
  Object.defineProperty(win, 'withProgress', { value: wrapped, configurable: true, writable: true });
  return { restore: () => Object.defineProperty(win, 'withProgress', { value: original, configurable: true, writable: true }) };
}
