// `node out/bench/requireTime.cjs <file.js>` (bench/run.ts bundles it): how long require()
// of one CommonJS bundle takes in a fresh Node process (compile + module evaluation), with
// `vscode` answered by a stand-in: every name @types/vscode exports, each callable and
// constructible (a bundle builds EventEmitters at load). activate() is not called. Prints milliseconds.
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const anything: object = new Proxy(function () {}, {
  get: (_target, key) => (key === 'then' ? undefined : anything),
  apply: () => anything,
  construct: () => anything,
});
// Bundlers copy the module's own property names: the stand-in has every exported one.
const declarations = fs.readFileSync(path.resolve('node_modules/@types/vscode/index.d.ts'), 'utf8');
const stub = Object.fromEntries([...declarations.matchAll(/^\t?export (?:class|namespace|enum|const|function) (\w+)/gm)].map((m) => [m[1], anything]));
const internals = Module as unknown as { _load: Load };
const load = internals._load;
internals._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
};
const file = path.resolve(process.argv[2] ?? '');
const requireFrom = createRequire(file);
const started = performance.now();
requireFrom(file);
process.stdout.write(`${(performance.now() - started).toFixed(3)}\n`);
