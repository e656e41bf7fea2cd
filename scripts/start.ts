// npm start [-- --editor 1.139|1.100] [--port 8080] [--sandbox-port 3000] [--leads 250] [--token T]
// Builds and packages the extension, installs it into the newest editor (provisioning it
// when missing), starts the sandbox API and code-server with topcalls.apiBaseUrl pointing
// at it, and prints the URL to open and the token to paste into "TopCalls: Set API Token".
// Ctrl+C stops everything (code-server's whole process group, the sandbox).
import { startSandbox } from '../test/sandbox/server';
import { createRunDirs, installExtension, startCodeServer } from '../test/harness/codeServer';
import { argValue, formatMs, log, portInUse, step } from '../test/harness/util';
import { packageVsix } from '../test/harness/vsix';
import { NEWEST_EDITOR, ensureEditor, parseEditorArg } from './provision-editor';

function intArg(argv: string[], name: string): number | undefined {
  const v = argValue(argv, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
  return n;
}

async function preferredPort(wanted: number | undefined, fallback: number): Promise<number | undefined> {
  const port = wanted ?? fallback;
  if (!(await portInUse(port))) return port;
  if (wanted !== undefined) throw new Error(`port ${port} is in use`);
  log(`port ${port} is in use; taking a free one`);
  return undefined;
}

async function main(): Promise<void> {
  const started = Date.now();
  const argv = process.argv.slice(2);
  const [id = NEWEST_EDITOR] = parseEditorArg(argValue(argv, 'editor'), NEWEST_EDITOR);
  const editor = await ensureEditor(id);
  const vsix = await packageVsix();
  const dirs = createRunDirs('start', 3);
  await step('install the .vsix', () => installExtension(editor, dirs, vsix));

  const sandboxPort = await preferredPort(intArg(argv, 'sandbox-port'), 3000);
  const sandbox = await startSandbox({
    ...(sandboxPort !== undefined ? { port: sandboxPort } : {}),
    leads: intArg(argv, 'leads') ?? 250,
    // A fixed token, so a token saved in an earlier session still works.
    token: argValue(argv, 'token') ?? 'tc_test_local_sandbox',
  });
  const editorPort = await preferredPort(intArg(argv, 'port'), 8080);
  let server;
  try {
    server = await startCodeServer(editor, dirs, {
      ...(editorPort !== undefined ? { port: editorPort } : {}),
      settings: { 'topcalls.apiBaseUrl': sandbox.url },
    });
  } catch (error) {
    await sandbox.close();
    throw error;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server (process group ${server.pid}) and the sandbox`);
    await server.stop();
    await sandbox.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const line = '-'.repeat(72);
  console.log(`
${line}
 TopCalls Leads in VS Code ${editor.version} (code-server ${editor.codeServerVersion}), ready in ${formatMs(Date.now() - started)}

   Open:          ${server.workbenchUrl()}
   Sandbox API:   ${sandbox.url}   (topcalls.apiBaseUrl is set to it)
   API token:     ${sandbox.token}
                  -> F1, "TopCalls: Set API Token", paste it

   Logs:          ${dirs.logFile}
   Ctrl+C stops everything.
${line}
`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
