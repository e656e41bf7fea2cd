// Builds the bundles the extension ships: the extension host (Node, CommonJS) and the
// lead form (browser, IIFE).
//
// The host is split: activation requires only dist/extension.js. The schemas and the
// form's protocol (all of zod), the phone checks (libphonenumber-js and its metadata) and the
// CSV reading and writing are bundles of their own, which the host's `import()`s turn into a
// `require` on first use.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** Host bundles loaded on first use: output name in dist/ → the modules in it (one copy of zod, one of libphonenumber-js). */
const LAZY_HOST_BUNDLES = new Map([
  ['schemas', ['src/shared/schemas', 'src/shared/protocol']],
  ['phone', ['src/shared/phone', 'src/shared/phoneFormat']],
  // csv-parse and csv-stringify: only Import and Export use them.
  ['csv', ['src/import/csvRecords', 'src/import/failedRows', 'src/export/leadRows']],
]);
const bundleOf = new Map([...LAZY_HOST_BUNDLES].flatMap(([name, sources]) => sources.map((source) => [path.join(ROOT, source), name])));

/** In each host bundle, imports of another bundle's modules become `require('./<name>.js')`. */
function lazyHostModules(self) {
  return {
    name: 'lazy-host-modules',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const name = bundleOf.get(path.resolve(args.resolveDir, args.path).replace(/\.ts$/, ''));
        return name && name !== self ? { path: `./${name}.js`, external: true } : undefined;
      });
    },
  };
}

/**
 * Every module importing 'vscode' would get its own `__toESM(require('vscode'))`, which copies
 * each of the API's several hundred exports: 21 copies cost ~10 ms at activation. Routing
 * them through one `export * from 'vscode'` module copies them once.
 */
const vscodeOnce = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: ROOT }));
  },
};

/** @returns {import('esbuild').BuildOptions[]} */
export function bundles({ production }) {
  const common = {
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'info',
    legalComments: 'none',
    absWorkingDir: ROOT,
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  };
  const host = (name, entry) => ({
    ...common,
    ...entry,
    outfile: `dist/${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // jsonc-parser's CommonJS build is a UMD wrapper whose require('./impl/format') esbuild cannot follow; its ES build bundles.
    mainFields: ['module', 'main'],
    external: ['vscode'],
    // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow (it fails at activation): take its ES modules.
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    plugins: [vscodeOnce, lazyHostModules(name)],
  });
  return [
    host('extension', { entryPoints: ['src/extension.ts'] }),
    ...[...LAZY_HOST_BUNDLES].map(([name, sources]) =>
      host(name, { stdin: { contents: sources.map((source) => `export * from './${source}';`).join('\n'), resolveDir: ROOT, loader: 'ts', sourcefile: `${name}.ts` } }),
    ),
    {
      ...common,
      entryPoints: ['webview/main.ts'],
      outfile: 'dist/webview.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
    },
  ];
}

// node esbuild.mjs [--production] [--watch] [--metafile out/meta.json]
// --metafile: also write what each bundle is made of (the benchmark attributes sizes with it).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const metafileAt = process.argv.indexOf('--metafile');
  const metafile = metafileAt >= 0 ? process.argv[metafileAt + 1] : undefined;
  const builds = bundles({ production: process.argv.includes('--production') }).map((b) => ({ ...b, metafile: Boolean(metafile) }));
  if (process.argv.includes('--watch')) {
    const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    const results = await Promise.all(builds.map((b) => esbuild.build(b)));
    if (metafile) {
      const outputs = Object.assign({}, ...results.map((r) => r.metafile.outputs));
      fs.mkdirSync(path.dirname(path.resolve(metafile)), { recursive: true });
      fs.writeFileSync(metafile, JSON.stringify({ outputs }));
    }
  }
}
