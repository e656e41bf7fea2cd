// The Node half of `npm run bench`: figures 1, 2, 3 and 5, against one sandbox that
// bench/run.ts started in another process (BENCH_URL, BENCH_TOKEN, BENCH_LEADS).
// bench/run.ts bundles this file with esbuild (`vscode` aliased to bench/vscodeStub.ts, so
// src/tree/leadItem.ts builds real tree items) and runs it with `node --expose-gc`.
// Prints progress on stderr and one JSON line `{ figures: Figure[] }` on stdout.
import { TopCallsClient } from '../src/api/client';
import { LeadPatchSchema, LeadSchema, LeadPageSchema, type Lead, type LeadPage, type Status } from '../src/shared/schemas';
import { runBulk } from '../src/quickEdits/bulk';
import { BULK_CONCURRENCY } from '../src/quickEdits/leadEdit';
import { leadTreeItem } from '../src/tree/leadItem';
import { LeadsModel } from '../src/tree/leadsModel';
import { phoneFormatting } from '../src/tree/phoneDisplay';
import { LeadStore } from '../src/store/leadStore';
import { paired, summarize, type Figure } from './stats';

const URL_BASE = requireEnv('BENCH_URL');
const TOKEN = requireEnv('BENCH_TOKEN');
const LEADS = Number(requireEnv('BENCH_LEADS'));
const RUNS = Math.max(3, Number(process.env.BENCH_RUNS ?? 7));
const QUICK = process.env.BENCH_QUICK === '1';
const PAGE = 200;
const PAGES = 50;
const BULK_ITEMS = 1_000;
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

/** The floor: the same request, bare fetch + JSON.parse, no validation, no objects built. */
async function bareGet(path: string): Promise<unknown> {
  const response = await fetch(URL_BASE + path, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function barePatch(id: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${URL_BASE}/v1/leads/${id}`, {
    method: 'PATCH',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`PATCH ${id}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

async function control(method: string, path: string): Promise<unknown> {
  const response = await fetch(`${URL_BASE}/_sandbox/${path}`, { method });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
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

// ---- 1. First page -----------------------------------------------------------------------

/** What the extension does for the first page of a group: client (fetch + zod) -> LeadsModel -> tree items. */
async function clientFirstPage(): Promise<unknown[]> {
  const model = new LeadsModel(new LeadStore(), (filters, cursor) => client.listLeads(filters, cursor, PAGE), () => undefined, 'none');
  await model.loadMore('all');
  return model.leadsOf('all').map((lead) => leadTreeItem(lead, `lead:${lead.id}`));
}

async function firstPage(): Promise<void> {
  progress('1. first page');
  for (let i = 0; i < 5; i++) {
    await bareGet(`/v1/leads?limit=${PAGE}`);
    await clientFirstPage();
  }
  const runs = RUNS * 3;
  const r = await paired(
    runs,
    () => ms(() => bareGet(`/v1/leads?limit=${PAGE}`)),
    () => ms(async () => {
      const items = await clientFirstPage();
      if (items.length !== PAGE) throw new Error(`expected ${PAGE} tree items, got ${items.length}`);
    }),
  );
  // Where the client's extra time goes, outside the network: zod over the page, and tree items.
  const page = (await bareGet(`/v1/leads?limit=${PAGE}`)) as LeadPage;
  const parse = [] as number[];
  const items = [] as number[];
  for (let i = 0; i < 50; i++) {
    let t = now();
    const parsed = LeadPageSchema.parse(page);
    parse.push(now() - t);
    t = now();
    for (const lead of parsed.items) leadTreeItem(lead, `lead:${lead.id}`);
    items.push(now() - t);
  }
  const bare = summarize(r.a);
  const cli = summarize(r.b);
  figures.push({
    key: `firstPage.ratio${at}`,
    measurement: `1. First page of 200 → tree items: client ÷ bare fetch (${sizeLabel})`,
    unit: '×',
    summary: summarize(r.ratio),
    goal: { max: 1.1 },
    note:
      `bare fetch+JSON.parse median ${fmt(bare.median, 2)} ms, client+model+tree items ${fmt(cli.median, 2)} ms; ` +
      `of the difference: LeadPageSchema.parse ${fmt(summarize(parse).median, 2)} ms, leadTreeItem×200 ${fmt(summarize(items).median, 2)} ms`,
  });
  figures.push({ key: `firstPage.bareMs${at}`, measurement: `   first page, bare fetch + JSON.parse (${sizeLabel})`, unit: 'ms', summary: bare });
  figures.push({ key: `firstPage.clientMs${at}`, measurement: `   first page, client + model + tree items (${sizeLabel})`, unit: 'ms', summary: cli });
  figures.push({ key: `firstPage.zodMs${at}`, measurement: `   LeadPageSchema.parse of one 200-lead page`, unit: 'ms', summary: summarize(parse) });
  figures.push({ key: `firstPage.treeItemsMs${at}`, measurement: `   leadTreeItem × 200 (vscode stand-in)`, unit: 'ms', summary: summarize(items) });
}

// ---- 2. Page through 10,000 --------------------------------------------------------------

async function bareLoop(): Promise<number> {
  let cursor: string | null = null;
  let count = 0;
  for (let i = 0; i < PAGES; i++) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await bareGet(`/v1/leads?limit=${PAGE}${query}`)) as LeadPage;
    count += page.items.length;
    cursor = page.next_cursor;
    if (!page.has_more || !cursor) break;
  }
  return count;
}

/** The extension's path: LeadsModel.loadMore over the client, the tree items of each new page. */
async function clientLoop(using: TopCallsClient = client): Promise<LeadsModel> {
  const model = new LeadsModel(new LeadStore(), (filters, cursor) => using.listLeads(filters, cursor, PAGE), () => undefined, 'none');
  for (let i = 0; i < PAGES; i++) {
    const before = model.loadedCount;
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

async function pageThrough(): Promise<void> {
  progress('2. page through 10,000');
  const expected = Math.min(LEADS, PAGE * PAGES);
  await bareLoop();
  await clientLoop();
  const r = await paired(
    RUNS,
    () => ms(async () => {
      const n = await bareLoop();
      if (n !== expected) throw new Error(`bare loop got ${n} leads, expected ${expected}`);
    }),
    () => ms(async () => {
      const model = await clientLoop();
      if (model.loadedCount !== expected) throw new Error(`client loop got ${model.loadedCount} leads, expected ${expected}`);
    }),
  );
  const bare = summarize(r.a);
  const cli = summarize(r.b);
  figures.push({
    key: `pageThrough.ratio${at}`,
    measurement: `2. Page through 10,000 (50×200): client ÷ bare fetch loop (${sizeLabel})`,
    unit: '×',
    summary: summarize(r.ratio),
    goal: { max: 1.1 },
    note: `bare loop median ${fmt(bare.median, 0)} ms, client+model+tree items ${fmt(cli.median, 0)} ms`,
  });
  figures.push({ key: `pageThrough.bareMs${at}`, measurement: `   10,000 leads, bare fetch loop (${sizeLabel})`, unit: 'ms', summary: bare });
  figures.push({ key: `pageThrough.clientMs${at}`, measurement: `   10,000 leads, client + model + tree items (${sizeLabel})`, unit: 'ms', summary: cli });

  // Heap held per loaded lead, in the LeadsModel (what stays after the pages are gone).
  progress('2. heap per lead');
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
    growth.push((process.memoryUsage().heapUsed - before) / model.loadedCount);
    model = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    model = await clientLoop(heapClient);
    const count = model.loadedCount;
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
    measurement: `2. Heap held per loaded lead in LeadsModel (${sizeLabel})`,
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
  progress('3. validation');
  const page = (await bareGet(`/v1/leads?limit=${PAGE}`)) as LeadPage;
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
  figures.push({ key: `validation.patchStatus${at}`, measurement: '3. LeadPatch validations/s: quick edit {status}', unit: '/s', summary: s(quick), goal: { min: 100_000 } });
  figures.push({ key: `validation.patchTags${at}`, measurement: '3. LeadPatch validations/s: quick edit {tags}', unit: '/s', summary: s(tags), goal: { min: 100_000 } });
  figures.push({
    key: `validation.patchForm${at}`,
    measurement: '3. LeadPatch validations/s: form save, all fields incl. phone',
    unit: '/s',
    summary: s(form),
    goal: { min: 100_000 },
    note: `same patch without phone_number: ${Math.round(s(noPhone).median).toLocaleString('en-US')}/s (libphonenumber's verdicts on recent numbers are cached)`,
  });
  figures.push({ key: `validation.patchFormNoPhone${at}`, measurement: '   LeadPatch validations/s: form save without phone', unit: '/s', summary: s(noPhone) });
  figures.push({
    key: `validation.lead${at}`,
    measurement: '3. Lead response parses/s (LeadSchema.safeParse)',
    unit: '/s',
    summary: s(lead),
    note: `for scale, JSON.stringify+JSON.parse of one lead: ${Math.round(s(parseOnly).median).toLocaleString('en-US')}/s`,
  });
}

// ---- 5. Bulk -----------------------------------------------------------------------------

async function bulk(): Promise<void> {
  progress('5. bulk');
  const statuses: Status[] = ['Contacted', 'Converted', 'New', 'Unsubscribed'];
  // 1,000 distinct leads, taken from the list (the ids the tree would hold).
  const ids: string[] = [];
  let cursor: string | null = null;
  while (ids.length < BULK_ITEMS + 50) {
    const page: LeadPage = await client.listLeads({}, cursor, PAGE);
    ids.push(...page.items.map((l) => l.id));
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  if (ids.length < BULK_ITEMS + 50) throw new Error(`the sandbox has only ${ids.length} leads`);
  const spare = ids.slice(BULK_ITEMS, BULK_ITEMS + 50);

  // Single-request time: one PATCH at a time, bare fetch (the floor) and the client, interleaved.
  let n = 0;
  const singles = await paired(
    RUNS * 6,
    () => ms(() => barePatch(spare[n % spare.length] as string, { status: statuses[n++ & 3] })),
    () => ms(() => client.updateLead(spare[n % spare.length] as string, { status: statuses[n++ & 3] })),
  );
  const singleBare = summarize(singles.a);
  const singleClient = summarize(singles.b);

  const walls: number[] = [];
  const ratios: number[] = [];
  const peaks: number[] = [];
  const serverPeaks: number[] = [];
  let failed = 0;
  const bulkRuns = QUICK ? 2 : Math.max(3, Math.ceil(RUNS / 2));
  for (let r = 0; r < bulkRuns; r++) {
    await control('DELETE', 'requests');
    const status = statuses[r & 3] as Status;
    const items = ids.slice(0, BULK_ITEMS);
    const t = now();
    let inFlight = 0;
    let clientPeak = 0;
    const outcome = await runBulk(
      items,
      async (id) => {
        clientPeak = Math.max(clientPeak, ++inFlight);
        try {
          return await client.updateLead(id, { status });
        } finally {
          inFlight--;
        }
      },
      { concurrency: BULK_CONCURRENCY },
    );
    const wall = now() - t;
    const stats = (await control('GET', 'stats')) as { peakInFlight: number };
    await control('DELETE', 'requests');
    failed += outcome.failed.length;
    walls.push(wall);
    ratios.push(wall / ((BULK_ITEMS * singleBare.median) / BULK_CONCURRENCY));
    peaks.push(clientPeak);
    serverPeaks.push(stats.peakInFlight);
  }
  const wall = summarize(walls);
  figures.push({
    key: `bulk.ratio${at}`,
    measurement: `5. Bulk 1,000 status changes, concurrency 4: wall ÷ ideal (${sizeLabel})`,
    unit: '×',
    summary: summarize(ratios),
    note:
      `wall median ${fmt(wall.median, 0)} ms; ideal = 1,000 × ${fmt(singleBare.median, 2)} ms (bare PATCH) ÷ 4 = ` +
      `${fmt((BULK_ITEMS * singleBare.median) / BULK_CONCURRENCY, 0)} ms; client single PATCH ${fmt(singleClient.median, 2)} ms; ` +
      `requests in flight at once: client ${Math.max(...peaks)}, sandbox ${Math.max(...serverPeaks)} (it handles each request synchronously, so it rarely sees overlap); failed ${failed}; ` +
      `against 1,000 × client single ÷ 4: ${fmt(wall.median / ((BULK_ITEMS * singleClient.median) / BULK_CONCURRENCY), 2)}×`,
  });
  figures.push({ key: `bulk.wallMs${at}`, measurement: `   bulk wall time (${sizeLabel})`, unit: 'ms', summary: wall });
  figures.push({ key: `bulk.singleBareMs${at}`, measurement: `   single PATCH, bare fetch (${sizeLabel})`, unit: 'ms', summary: singleBare });
  figures.push({ key: `bulk.singleClientMs${at}`, measurement: `   single PATCH, client.updateLead (${sizeLabel})`, unit: 'ms', summary: singleClient });
  figures.push({ key: `bulk.peakInFlight${at}`, measurement: `   bulk: most requests in flight at once (client side)`, unit: '', summary: summarize(peaks), goal: { max: BULK_CONCURRENCY } });
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
  await section('firstPage', '1. First page', firstPage);
  await section('pageThrough', '2. Page through 10,000', pageThrough);
  if (LEADS === Number(process.env.BENCH_VALIDATION_AT ?? LEADS)) await section('validation', '3. Validation', validation);
  await section('bulk', '5. Bulk', bulk);
  if (retries > 0) progress(`the client retried ${retries} request(s) (dropped keep-alive connections?)`);
  figures.push({ key: `clientRetries${at}`, measurement: `   client retries during the Node benchmark (${sizeLabel})`, unit: '', summary: summarize([retries]) });
  progress(`done in ${fmt((now() - started) / 1000)} s`);
  process.stdout.write(`${JSON.stringify({ figures })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
