// `node out/bench/requireTime.cjs <file.js>` (bench/run.ts bundles it): how long require()
// of one CommonJS bundle takes in a fresh Node process (compile + module evaluation), with
// `vscode` answered by an empty object. activate() is not called. Prints milliseconds.
import Module, { createRequire } from 'node:module';
import * as path from 'node:path';

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const internals = Module as unknown as { _load: Load };
const load = internals._load;
internals._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  return request === 'vscode' ? {} : load.call(this, request, parent, isMain);
};
const file = path.resolve(process.argv[2] ?? '');
const requireFrom = createRequire(file);
const started = performance.now();
requireFrom(file);
process.stdout.write(`${(performance.now() - started).toFixed(3)}\n`);
