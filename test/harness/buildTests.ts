// Builds the extension (node esbuild.mjs) and bundles the in-editor test suite:
// test/integration/index.ts and every test/integration/**/*.test.ts ->
// out/test/integration/... (Node, CommonJS, 'vscode' and 'mocha' left external).
// Shared by the code-server runner (npm run test:integration) and @vscode/test-cli
// (npm run test:electron, via `npm run pretest:electron` / `tsx test/harness/buildTests.ts`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT, isMain, log, run, step } from './util';

export const INTEGRATION_SRC = path.join(ROOT, 'test', 'integration');
export const INTEGRATION_OUT = path.join(ROOT, 'out', 'test', 'integration');
/** The compiled test index (extensionTestsPath). */
export const INTEGRATION_INDEX = path.join(INTEGRATION_OUT, 'index.js');

/** Files below `dir` (relative paths, '/'-separated) whose names end with `suffix`. */
export function findFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith(suffix) && !f.split('/').includes('node_modules'))
    .sort();
}

export async function buildExtension(): Promise<void> {
  await step('build extension (node esbuild.mjs)', () =>
    run(process.execPath, ['esbuild.mjs'], { cwd: ROOT, capture: true }).then(() => undefined),
  );
}

export async function buildIntegrationTests(): Promise<string[]> {
  return step('bundle integration tests', async () => {
    const tests = findFiles(INTEGRATION_SRC, '.test.ts');
    const entryPoints = ['index.ts', ...tests].map((f) => path.join(INTEGRATION_SRC, f));
    fs.rmSync(INTEGRATION_OUT, { recursive: true, force: true });
    await esbuild.build({
      entryPoints,
      outbase: INTEGRATION_SRC,
      outdir: INTEGRATION_OUT,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'warning',
    });
    log(`bundled ${tests.length} test file(s) into ${path.relative(ROOT, INTEGRATION_OUT)}/`);
    return tests;
  });
}

export async function buildAll(): Promise<void> {
  await buildExtension();
  await buildIntegrationTests();
}

if (isMain(import.meta.url)) {
  buildAll().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
