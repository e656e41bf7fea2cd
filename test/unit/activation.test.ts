// Activation loads dist/extension.js alone: zod and the schemas (dist/schemas.js) come with
// the first request, libphonenumber-js (dist/phone.js) with the first phone check, the CSV
// libraries (dist/csv.js) with the first import or export. This
// builds the host bundles as shipped and activates them in a fresh Node process, against a
// `vscode` whose every member is a do-nothing stand-in, then lists the bundles Node loaded.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildOptions } from 'esbuild';

const root = path.resolve(__dirname, '../..');

/** Runs in the child: `vscode` resolves to a Proxy, activate() runs, the loaded bundles are printed. */
const CHILD = `
const Module = require('node:module');
const path = require('node:path');
const [outdir, typings] = process.argv.slice(1);
// What activation starts without waiting (reading the token, say) has 200 ms to load a bundle too.
// Any member, call or construction gives another stand-in: an empty list when iterated, and
// never a promise (await would wait forever).
const members = { then: undefined, [Symbol.iterator]: function* () {}, [Symbol.toPrimitive]: () => '' };
const standIn = new Proxy(function () {}, {
  get: (_target, key) => (key in members ? members[key] : typeof key === 'symbol' ? undefined : standIn),
  set: () => true,
  apply: () => standIn,
  construct: () => standIn,
});
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
// The bundle copies the API's exports one by one (\`export * from 'vscode'\`): name them all, from its typings.
const names = new Set([...require('node:fs').readFileSync(typings, 'utf8').matchAll(/^\\s*export (?:namespace|class|enum|function|const|let) (\\w+)/gm)].map((m) => m[1]));
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: Object.fromEntries([...names].map((name) => [name, standIn])) };
// An empty workspace and global state: what a first activation finds.
const memento = { get: (_key, fallback) => fallback, update: async () => {}, keys: () => [] };
const context = new Proxy(
  { subscriptions: [], extension: { packageJSON: { version: '0.0.0' } }, workspaceState: memento, globalState: memento },
  { get: (target, key) => target[key] ?? standIn },
);
Promise.resolve(require(path.join(outdir, 'extension.js')).activate(context)).then(() => new Promise((settle) => setTimeout(settle, 200))).then(() => {
  const loaded = Object.keys(require.cache).filter((file) => file.startsWith(outdir)).map((file) => path.basename(file));
  process.stdout.write(JSON.stringify(loaded));
});
`;

describe('activation', function () {
  this.timeout(60_000);

  it('loads dist/extension.js alone: the schemas, phone and CSV bundles wait for their first use', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'topcalls-activation-'));
    try {
      const esbuild = await import('esbuild');
      const { bundles } = (await import(path.join(root, 'esbuild.mjs'))) as { bundles: (options: { production: boolean }) => BuildOptions[] };
      const hostBundles = bundles({ production: true }).filter((bundle) => bundle.platform === 'node');
      await Promise.all(hostBundles.map((bundle) => esbuild.build({ ...bundle, logLevel: 'silent', outfile: path.join(outdir, path.basename(bundle.outfile ?? '')) })));
      assert.deepEqual(fs.readdirSync(outdir).sort(), ['csv.js', 'extension.js', 'phone.js', 'schemas.js'], 'the host ships these four bundles');

      const loaded = JSON.parse(execFileSync(process.execPath, ['-e', CHILD, outdir, require.resolve('@types/vscode/index.d.ts')], { encoding: 'utf8' })) as string[];
      assert.deepEqual(loaded, ['extension.js']);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
