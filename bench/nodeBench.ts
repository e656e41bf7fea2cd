// The Node half of `npm run bench`, on localhost (no network profile), against one sandbox
// that bench/run.ts started in another process (BENCH_URL, BENCH_TOKEN, BENCH_LEADS): the
// client over the fastest bare request (information), heap per lead, validation rates.
// bench/run.ts bundles this file with esbuild (`vscode` aliased to bench/vscodeStub.ts, so
// src/tree/leadItem.ts builds real tree items) and runs it with `node --expose-gc`.
// Prints progress on stderr and one JSON line `{ figures: Figure[] }` on stdout.
import { TopCallsClient } from '../src/api/client';
import { LeadPatchSchema, LeadSchema, type Lead, type LeadPage, type Status } from '../src/shared/schemas';
import * as http from 'node:http';
import { leadTreeItem } from '../src/tree/leadItem';
import { LeadsModel } from '../src/tree/leadsModel';
import { phoneFormatting } from '../src/tree/phoneDisplay';
import { LeadStore } from '../src/store/leadStore';
import { summarize, type Figure } from './stats';

const URL_BASE = requireEnv('BENCH_URL');
const TOKEN = requireEnv('BENCH_TOKEN');
const LEADS = Number(requireEnv('BENCH_LEADS'));
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 7));
const QUICK = process.env.BENCH_QUICK === '1';
const PAGE = 200;
const PAGES = 50;
const at = `@${LEADS}`;
const sizeLabel = `${LEADS.toLocaleString('en-US')} leads`;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/run.ts sets it)`);
  if (name === 'BENCH_URL' && !/^http:\/\/127\.0\.0\.1:\d+$/.test(value)) throw new Error(`BENCH_URL must be http://127.0.0.1:<port>, got ${value}`);
  return value;
}

const progress = (message: string): void => {
  process.stderr.write(`[node ${LEADS}] ${message}\n`);
};

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with node --expose-gc');
  g();
  g();
};

const headers = { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' };

/** Bare fetch (undici) + JSON.parse: no validation, no objects built. */
async function bareFetch(path: string): Promise<unknown> {
  const response = await fetch(URL_BASE + path, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

const agent = new http.Agent({ keepAlive: true });

/** Bare node:http (keep-alive, as the platform gives it) + JSON.parse. */
function bareHttp(path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.get(URL_BASE + path, { agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: ${res.statusCode} ${text.slice(0, 200)}`));
        else {
          try {
            resolve(JSON.parse(text));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        }
      });
    });
    req.on('error', reject);
  });
}

/** Retries the client made (the default policy, as in the extension): reported, since they cost time. */
let retries = 0;
const client = new TopCallsClient({
  credentials: async () => ({ baseUrl: URL_BASE, token: TOKEN }),
  timeoutMs: () => 30_000,
  log: (entry) => {
    if (entry.outcome === 'retry') retries++;
  },
});

const now = (): number => performance.now();
const ms = async (fn: () => Promise<unknown>): Promise<number> => {
  const t = now();
  await fn();
  return now() - t;
};
const fmt = (v: number, digits = 1): string => v.toFixed(digits);

const figures: Figure[] = [];

// ---- Localhost: the client over the fastest bare request -----------------------------------

const ROUNDS = QUICK ? 20 : 40;

async function localhost(): Promise<void> {
  progress('localhost: client.listLeads vs bare node:http and bare fetch, interleaved');
  const path = `/v1/leads?limit=${PAGE}`;
  const clientPage = async (): Promise<void> => {
    const page = await client.listLeads({}, null, PAGE);
    if (page.items.length !== PAGE) throw new Error(`expected ${PAGE} leads, got ${page.items.length}`);
  };
  const kinds: [string, () => Promise<unknown>][] = [
    ['client', clientPage],
    ['http', () => bareHttp(path)],
    ['fetch', () => bareFetch(path)],
  ];
  for (let i = 0; i < 5; i++) for (const [, fn] of kinds) await fn();
  const times: Record<string, number[]> = { client: [], http: [], fetch: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Each round in another order, so drift (GC, JIT, other processes) hits the three alike.
    for (let k = 0; k < kinds.length; k++) {
      const [name, fn] = kinds[(round + k) % kinds.length] as [string, () => Promise<unknown>];
      (times[name] as number[]).push(await ms(fn));
    }
  }
  const http = summarize(times.http as number[]);
  const fetched = summarize(times.fetch as number[]);
  const fastest = http.median <= fetched.median ? 'http' : 'fetch';
  const bare = times[fastest] as number[];
  const ratios = (times.client as number[]).map((t, i) => t / (bare[i] as number));
  figures.push({
    key: 'localhost.ratio',
    measurement: `Localhost: client.listLeads(200) ÷ fastest bare request (${fastest === 'http' ? 'node:http' : 'fetch'} + JSON.parse)`,
    unit: '×',
    summary: summarize(ratios),
    note:
      `${ROUNDS} interleaved rounds; medians: client ${fmt(summarize(times.client as number[]).median, 2)} ms, ` +
      `bare node:http ${fmt(http.median, 2)} ms, bare fetch ${fmt(fetched.median, 2)} ms; information, no goal`,
  });
  figures.push({ key: 'localhost.clientMs', measurement: '   client.listLeads(200): request + zod', unit: 'ms', summary: summarize(times.client as number[]) });
  figures.push({ key: 'localhost.httpMs', measurement: '   bare node:http + JSON.parse', unit: 'ms', summary: http });
  figures.push({ key: 'localhost.fetchMs', measurement: '   bare fetch + JSON.parse', unit: 'ms', summary: fetched });
}

// ---- Heap per lead --------------------------------------------------------------------

/** The extension's path: LeadsModel.loadMore over the client, the tree items of each new page. */
async function clientLoop(using: TopCallsClient = client): Promise<LeadsModel> {
  const model = new LeadsModel(new LeadStore(), (filters, cursor) => using.listLeads(filters, cursor, PAGE), () => undefined, 'none');
  for (let i = 0; i < PAGES; i++) {
    const before = model.group('all').ids.length;
    await model.loadMore('all');
    const ids = model.group('all').ids;
    for (let j = before; j < ids.length; j++) {
      const lead = model.lead(ids[j] as string) as Lead;
      leadTreeItem(lead, `lead:${lead.id}`);
    }
    if (!model.group('all').hasMore) break;
  }
  return model;
}

async function heapPerLead(): Promise<void> {
  // Heap held per loaded lead, in the LeadsModel (what stays after the pages are gone).
  progress('heap per lead');
  const expected = Math.min(LEADS, PAGE * PAGES);
  // held = heap with the model alive minus heap once it is dropped (both after full GCs).
  // A pending timeout timer would keep a finished request chain (and the model that awaited
  // it) reachable; the client clears its timer when a request ends, and this pass also waits
  // out a short-timeout client to be sure. `growth` is the heap right after loading with the
  // 30 s client: when it matches the held figure, nothing lingers behind timers.
  const heapClient = new TopCallsClient({ credentials: async () => ({ baseUrl: URL_BASE, token: TOKEN }), timeoutMs: () => 1_000 });
  const perLead: number[] = [];
  const growth: number[] = [];
  let jsonBytes = 0;
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    let model: LeadsModel | undefined = await clientLoop();
    gc();
    growth.push((process.memoryUsage().heapUsed - before) / model.group('all').ids.length);
    model = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    model = await clientLoop(heapClient);
    const count = model.group('all').ids.length;
    if (count !== expected) throw new Error(`loaded ${count} leads, expected ${expected}`);
    if (i === 0) jsonBytes = Buffer.byteLength(JSON.stringify(model.allLoaded())) / count;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    gc();
    const withModel = process.memoryUsage().heapUsed;
    model = undefined;
    gc();
    const without = process.memoryUsage().heapUsed;
    perLead.push((withModel - without) / count);
  }
  figures.push({
    key: `heapPerLead${at}`,
    measurement: `Heap held per loaded lead in LeadsModel (${sizeLabel})`,
    unit: 'B',
    summary: summarize(perLead),
    goal: { max: 2048 },
    note: `the same lead is ~${fmt(jsonBytes, 0)} B as JSON text; right after loading with the 30 s-timeout client (after GC) the heap holds ${fmt(summarize(growth).median, 0)} B/lead`,
  });
}

// ---- 3. Validation -----------------------------------------------------------------------

/** Calls per second of `fn`, over `runs` slices of ~250 ms (bounded by a call cap). */
function rate(fn: (i: number) => void, runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 2_000; i++) fn(i); // warm up
  for (let r = 0; r < runs; r++) {
    let calls = 0;
    const start = now();
    let elapsed = 0;
    while (elapsed < (QUICK ? 100 : 250) && calls < 5_000_000) {
      for (let k = 0; k < 200; k++) fn(calls++);
      elapsed = now() - start;
    }
    out.push((calls / elapsed) * 1000);
  }
  return out;
}

async function validation(): Promise<void> {
  progress('validation');
  const page = (await bareFetch(`/v1/leads?limit=${PAGE}`)) as LeadPage;
  const leads = page.items;
  const phones = leads.map((l) => l.phone_number);
  const statuses: Status[] = ['New', 'Contacted', 'Converted', 'Unsubscribed'];
  const check = (ok: boolean): void => {
    if (!ok) throw new Error('a valid value failed validation');
  };
  const quick = rate((i) => check(LeadPatchSchema.safeParse({ status: statuses[i & 3] }).success), RUNS);
  const tags = rate((i) => check(LeadPatchSchema.safeParse({ tags: ['vip', `t${i & 7}`] }).success), RUNS);
  // What a form save sends, with and without the phone (libphonenumber's check is the costly rule).
  const formPatch = (i: number, withPhone: boolean) => ({
    name: 'Olivia Smith',
    ...(withPhone ? { phone_number: phones[i % phones.length] } : {}),
    email: 'olivia@example.com',
    status: statuses[i & 3],
    notes: 'Asked to be called back after 3pm.',
    tags: ['vip', 'callback'],
    metadata: { source: 'web_form' },
  });
  const form = rate((i) => check(LeadPatchSchema.safeParse(formPatch(i, true)).success), RUNS);
  const noPhone = rate((i) => check(LeadPatchSchema.safeParse(formPatch(i, false)).success), RUNS);
  const lead = rate((i) => check(LeadSchema.safeParse(leads[i % leads.length]).success), RUNS);
  const parseOnly = rate((i) => JSON.parse(JSON.stringify(leads[i % leads.length])), RUNS);
  const s = (v: number[]): ReturnType<typeof summarize> => summarize(v);
  figures.push({ key: `validation.patchStatus${at}`, measurement: 'LeadPatch validations/s: quick edit {status}', unit: '/s', summary: s(quick), goal: { min: 100_000 } });
  figures.push({ key: `validation.patchTags${at}`, measurement: 'LeadPatch validations/s: quick edit {tags}', unit: '/s', summary: s(tags), goal: { min: 100_000 } });
  figures.push({
    key: `validation.patchForm${at}`,
    measurement: 'LeadPatch validations/s: form save, all fields incl. phone',
    unit: '/s',
    summary: s(form),
    goal: { min: 100_000 },
    note: `same patch without phone_number: ${Math.round(s(noPhone).median).toLocaleString('en-US')}/s`,
  });
  figures.push({ key: `validation.patchFormNoPhone${at}`, measurement: '   LeadPatch validations/s: form save without phone', unit: '/s', summary: s(noPhone) });
  figures.push({
    key: `validation.lead${at}`,
    measurement: 'Lead response parses/s (LeadSchema.safeParse)',
    unit: '/s',
    summary: s(lead),
    note: `for scale, JSON.stringify+JSON.parse of one lead: ${Math.round(s(parseOnly).median).toLocaleString('en-US')}/s`,
  });
}

async function main(): Promise<void> {
  const started = now();
  const section = async (key: string, name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn();
    } catch (error) {
      progress(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      figures.push({ key: `${key}${at}`, measurement: `${name} (${sizeLabel})`, unit: '', notMeasured: `failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  };
  // As in the extension once a page arrived: rows show their phone numbers formatted.
  await phoneFormatting();
  await section('localhost', 'Localhost client', localhost);
  await section('heapPerLead', 'Heap per lead', heapPerLead);
  await section('validation', 'Validation', validation);
  if (retries > 0) progress(`the client retried ${retries} request(s) (dropped keep-alive connections?)`);
  agent.destroy();
  progress(`done in ${fmt((now() - started) / 1000)} s`);
  process.stdout.write(`${JSON.stringify({ figures })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
