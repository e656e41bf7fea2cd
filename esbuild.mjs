// Builds the bundles the extension ships: the extension host (Node, CommonJS) and the
// lead form (browser, IIFE).
//
// The host is split: activation requires only dist/extension.js. The schemas (zod) and
// the phone checks (libphonenumber-js and its metadata) are bundles of their own, which
// the host's `import()`s turn into a `require` on first use.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** Host modules with a bundle of their own: source (without .ts) → output name in dist/. */
const LAZY_HOST_MODULES = new Map([
  [path.join(ROOT, 'src', 'api', 'schemas'), 'schemas'],
  [path.join(ROOT, 'src', 'phone'), 'phone'],
]);

/** In each host bundle, imports of the other bundles' modules become `require('./<name>.js')`. */
function lazyHostModules(entry) {
  return {
    name: 'lazy-host-modules',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = path.resolve(args.resolveDir, args.path).replace(/\.ts$/, '');
        const name = LAZY_HOST_MODULES.get(target);
        return name && target !== entry ? { path: `./${name}.js`, external: true } : undefined;
      });
    },
  };
}

/** @returns {import('esbuild').BuildOptions[]} */
function bundles({ production }) {
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
  const host = (source, name) => ({
    ...common,
    entryPoints: [`${source}.ts`],
    outfile: `dist/${name}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyHostModules(path.join(ROOT, source))],
  });
  return [
    host('src/extension', 'extension'),
    ...[...LAZY_HOST_MODULES].map(([source, name]) => host(path.relative(ROOT, source), name)),
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
