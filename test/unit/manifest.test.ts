// The manifest and what the .vsix ships.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { visit } from 'jsonc-parser';
import { Command, ContextKey, LEAD_FORM_VIEW_TYPE, LEADS_VIEW_ID } from '../../src/contributions';

const root = path.resolve(__dirname, '../..');
/** The parts of package.json these tests read. */
interface Manifest {
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; category?: string; icon?: string }[];
    configuration: { properties: Record<string, { scope?: string }> };
    customEditors: { viewType: string }[];
    jsonValidation: { url: string }[];
    views: Record<string, { id: string }[]>;
    walkthroughs: { steps: { id: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[];
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;

describe('manifest', () => {
  it('names no key twice in one object (JSON.parse would keep only the last, silently)', () => {
    const repeated: string[] = [];
    const open: Set<string>[] = [];
    visit(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), {
      onObjectBegin: () => void open.push(new Set()),
      onObjectEnd: () => void open.pop(),
      onObjectProperty: (key, _offset, _length, _line, _column, pathSupplier) => {
        const keys = open.at(-1);
        if (keys?.has(key)) repeated.push([...pathSupplier(), key].join('.'));
        keys?.add(key);
      },
    });
    assert.deepEqual(repeated, []);
  });

  it('ships only the bundles, media, l10n, the JSON schemas, README, CHANGELOG, LICENSE and the manifest', function () {
    this.timeout(60_000);
    // vsce lists files that exist: on a fresh clone the bundles are built first.
    if (!['extension', 'schemas', 'phone', 'csv', 'webview'].every((name) => fs.existsSync(path.join(root, 'dist', `${name}.js`)))) {
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
    }
    const listed = execFileSync(path.join(root, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .sort();
    const allowed = /^(dist\/(extension|schemas|phone|csv|webview)\.js|media\/(walkthrough\/)?[\w.-]+|l10n\/bundle\.l10n(\.[\w-]+)?\.json|schemas\/[\w-]+\.schema\.json|package(\.nls(\.[\w-]+)?)?\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
    assert.deepEqual(listed.filter((file) => !allowed.test(file)), []);
    const jsonSchemas = manifest.contributes.jsonValidation.map(({ url }) => url.replace(/^\.\//, ''));
    for (const required of ['dist/extension.js', 'dist/schemas.js', 'dist/phone.js', 'dist/csv.js', 'dist/webview.js', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media/icon.png', ...jsonSchemas]) {
      assert.ok(listed.includes(required), `${required} is not packaged`);
    }
  });

  it('activates on its contributions only, never on *', () => {
    assert.ok(!manifest.activationEvents.some((event) => event === '*' || event === 'onStartupFinished'));
  });

  it('activates for a link to a lead (onUri): VS Code derives no activation event from a URI handler', () => {
    assert.ok(manifest.activationEvents.includes('onUri'));
  });

  it('gives every command a category and an icon, and localises every %key%', () => {
    for (const command of manifest.contributes.commands as { command: string; category?: string; icon?: string }[]) {
      assert.ok(command.category, `${command.command} has no category`);
      assert.match(command.icon ?? '', /^\$\([\w-]+\)$/, `${command.command} has no codicon`);
    }
    const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((match) => match[1] as string);
    assert.ok(keys.length > 20);
    assert.deepEqual(keys.filter((key) => !(key in nls)), []);
  });

  it('contributes exactly the commands of src/contributions.ts, each used in the source', () => {
    assert.deepEqual(manifest.contributes.commands.map(({ command }) => command).sort(), Object.values(Command).sort());
    const source = fs
      .readdirSync(path.join(root, 'src'), { recursive: true })
      .filter((file) => String(file).endsWith('.ts') && String(file) !== 'contributions.ts')
      .map((file) => fs.readFileSync(path.join(root, 'src', String(file)), 'utf8'))
      .join('\n');
    for (const key of Object.keys(Command)) {
      assert.match(source, new RegExp(`\\bCommand\\.${key}\\b`), `Command.${key} is never used`);
    }
  });

  it('uses every context key of src/contributions.ts in a when clause, and names its view and custom editor', () => {
    const contributed = JSON.stringify(manifest.contributes);
    for (const key of Object.values(ContextKey)) {
      assert.match(contributed, new RegExp(`"[^"]*\\b${key.replace('.', '\\.')}\\b[^"]*"`), `${key} is in no when clause`);
    }
    assert.ok(Object.values(manifest.contributes.views).flat().some(({ id }) => id === LEADS_VIEW_ID));
    assert.ok(manifest.contributes.customEditors.some(({ viewType }) => viewType === LEAD_FORM_VIEW_TYPE));
  });

  it('has an l10n bundle with every string the code localises (run `npm run l10n` after changing one)', function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-'));
    try {
      execFileSync(path.join(root, 'node_modules/.bin/vscode-l10n-dev'), ['export', '--outDir', out, './src'], { cwd: root, stdio: 'pipe' });
      const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      assert.deepEqual(Object.keys(committed).sort(), Object.keys(fresh).sort());
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('has a walkthrough whose media exist and whose links run commands it contributes', () => {
    const commands = new Set(manifest.contributes.commands.map(({ command }) => command));
    // Every contributed view has a built-in "<view id>.focus" command.
    const views = Object.values(manifest.contributes.views).flat();
    for (const view of views) commands.add(`${view.id}.focus`);
    const localised = (text: string): string => text.replace(/^%([^%]+)%$/, (_, key: string) => nls[key] ?? text);
    const walkthroughs = manifest.contributes.walkthroughs;
    assert.ok(walkthroughs.length > 0 && walkthroughs.every((w) => w.steps.length >= 4));
    for (const step of walkthroughs.flatMap((w) => w.steps)) {
      assert.ok(step.media.markdown && fs.existsSync(path.join(root, step.media.markdown)), `${step.id}: no media file ${step.media.markdown}`);
      const linked = [...localised(step.description).matchAll(/\(command:([\w.-]+)/g)].map((m) => m[1] as string);
      const completing = (step.completionEvents ?? []).flatMap((event) => /^onCommand:(.+)$/.exec(event)?.[1] ?? []);
      assert.ok(linked.length > 0, `${step.id} links no command`);
      assert.deepEqual([...linked, ...completing].filter((command) => !commands.has(command)), [], `${step.id} names commands nobody contributes`);
    }
  });

  it('keeps settings under topcalls.*', () => {
    assert.ok(Object.keys(manifest.contributes.configuration.properties).every((key) => key.startsWith('topcalls.')));
  });

  it('reads every setting from User settings in remote windows too, and the API URL never from an untrusted workspace', () => {
    const properties = manifest.contributes.configuration.properties;
    // A remote window (Remote-SSH, WSL, Codespaces, code-server) reads these scopes from the remote's Machine settings only.
    const remoteOnly = Object.entries(properties).filter(([, p]) => p.scope === 'machine' || p.scope === 'machine-overridable');
    assert.deepEqual(remoteOnly.map(([key]) => key), []);
    assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('topcalls.apiBaseUrl'));
  });
});
