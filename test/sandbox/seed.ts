// Deterministic sample leads: the same (count, seed) always gives the same leads.
// Every phone number conforms to the contract's Phone (E.164, dialable per libphonenumber-js) and is unique.
import type { Lead, Status } from './types';
import { createRng, type Rng } from './random';

export const SANDBOX_ACCOUNT_ID = '5b0c6f2e-8a41-4c1d-9e57-2f3a6b8d1c40';

/** The fixed lists every seeded lead belongs to (1 or 2 of them). */
export const SAMPLE_LISTS = [
  { id: '0f8a2c6e-1b3d-4e5f-8a7b-9c0d1e2f3a4b', name: 'Inbound web forms' },
  { id: '1a9b3d7f-2c4e-4f60-9b8c-0d1e2f3a4b5c', name: 'Trade show 2025' },
  { id: '2bac4e80-3d5f-4071-ac9d-1e2f3a4b5c6d', name: 'Enterprise outreach' },
  { id: '3cbd5f91-4e60-4182-bdae-2f3a4b5c6d7e', name: 'Renewals Q3' },
  { id: '4dce60a2-5f71-4293-8ebf-3a4b5c6d7e8f', name: 'Spanish-speaking callbacks' },
] as const;
export const SAMPLE_LIST_IDS: readonly string[] = SAMPLE_LISTS.map((l) => l.id);

export const SAMPLE_TAGS = [
  'vip', 'callback', 'spanish', 'enterprise', 'smb', 'referral', 'webinar', 'trial', 'renewal', 'hot',
] as const;

/** Seeded created_at values lie in the 270 days before this fixed instant (fixed so data is reproducible). */
const ANCHOR_MS = Date.UTC(2025, 9, 1, 12, 0, 0);
const SPAN_MS = 270 * 24 * 3600 * 1000;

const FIRST = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sofía', 'Lucas', 'Mia', 'Elijah', 'Chloé', 'Hugo',
  'Hannah', 'Jonas', 'Amelia', 'Oliver', 'Isabella', 'James', 'Zoë', 'Léa', 'Aarav', 'Priya', 'Wei', 'Yuki',
  'Fatima', 'Omar', 'Grace', 'Daniel', 'Chiara', 'Lukas', 'Emily', 'Jack', 'Camila', 'Diego', 'Nora', 'Felix',
  'Ingrid', 'Søren', 'Aoife', 'Kwame', 'Amara', 'Marco', 'Julia', 'Samuel', 'Élodie', 'Tobias', 'Layla', 'Ethan',
] as const;
const LAST = [
  'Smith', 'Johnson', 'García', 'Müller', 'Martin', 'Brown', 'Williams', 'Schmidt', 'Dubois', 'Jones', 'Taylor',
  'Rodríguez', 'Schneider', 'Bernard', 'Wilson', 'Davies', 'Fischer', 'Moreau', 'Hernández', 'Evans', "O'Brien",
  'Nguyen', 'Patel', 'Kim', 'Chen', 'Rossi', 'Weber', 'Lefèvre', 'Thomas', 'Walker', 'Becker', 'López', 'Roberts',
  'Hoffmann', 'Laurent', 'Okafor', 'Andersen', 'Kowalski', 'Silva', 'Murphy', 'Wagner', 'Fontaine',
] as const;
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'acme.io', 'globex.com', 'initech.co'] as const;
const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Logistics', 'Wayne Foods', 'Hooli', 'Vandelay Imports'] as const;
const SOURCES = ['web_form', 'csv_import', 'referral', 'google_ads', 'trade_show'] as const;
const TIMEZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'Europe/Paris'] as const;
const NOTES = [
  'Asked to be called back after 3pm.',
  'Interested in the enterprise plan; wants a demo.',
  'Left a voicemail.',
  'Prefers to speak Spanish.',
  'Wrong person answered, try again next week.',
  'Very interested.\nSend pricing by email first.',
  'Current contract ends in March.',
] as const;
const STATUS_WEIGHTS: ReadonlyArray<readonly [Status, number]> = [
  ['New', 0.4], ['Contacted', 0.3], ['Converted', 0.15], ['Unsubscribed', 0.15],
];

const US_AREA_CODES = [
  '201', '202', '206', '212', '213', '214', '305', '310', '312', '404', '415', '503',
  '512', '602', '617', '646', '702', '713', '718', '720', '818', '917',
] as const;
// GB mobiles 074/075/078: parts of 079 (e.g. 07911) and 07700 900xxx (the drama range) fail libphonenumber.
const GB_MOBILE = ['4', '5', '8'] as const;
const DE_MOBILE = ['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179'] as const;
/** n random digits (n <= 9), leading zeros allowed. */
const digits = (rng: Rng, n: number): string => String(rng.int(0, 10 ** n - 1)).padStart(n, '0');

const DAY_MS = 86_400_000;
const dayPrefixes = new Map<number, string>();
const pad = (n: number, width: number): string => String(n).padStart(width, '0');
/** Same as new Date(ms).toISOString() for ms >= 0, several times faster (Date formatting dominates 100k leads). */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return [prefix, pad(h, 2), ':', pad(m, 2), ':', pad(sec, 2), '.', pad(rest - sec * 1000, 3), 'Z'].join('');
}

/** A random valid mobile/geographic number from US, GB, DE or FR (mostly US). */
function randomPhone(rng: Rng): string {
  const r = rng.next();
  // Strings are built with join(): it yields flat strings, where template literals would keep
  // a tree of string pieces alive per lead (that alone doubled the GC time for 100k leads).
  if (r < 0.55) return ['+1', rng.pick(US_AREA_CODES), rng.int(2, 9), digits(rng, 6)].join('');
  if (r < 0.7) return ['+447', rng.pick(GB_MOBILE), digits(rng, 8)].join('');
  if (r < 0.85) return ['+49', rng.pick(DE_MOBILE), digits(rng, 8)].join('');
  return rng.chance(0.7) ? ['+336', digits(rng, 8)].join('') : ['+337', rng.int(3, 9), digits(rng, 7)].join('');
}

const slugs = new Map<string, string>();
/** 'Søren' → 'soren', for email addresses (memoized: there are few names). */
function asciiSlug(name: string): string {
  let slug = slugs.get(name);
  if (slug === undefined) {
    slug = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ø/g, 'o').replace(/[^a-z]/g, '');
    slugs.set(name, slug);
  }
  return slug;
}

function pickStatus(rng: Rng): Status {
  let r = rng.next();
  for (const [status, weight] of STATUS_WEIGHTS) {
    if ((r -= weight) < 0) return status;
  }
  return 'New';
}

const TAG_COUNTS = [0, 0, 1, 1, 1, 2, 2, 3] as const;

function pickTags(rng: Rng): string[] {
  const count = rng.pick(TAG_COUNTS);
  const tags: string[] = [];
  while (tags.length < count) {
    const tag = rng.pick(SAMPLE_TAGS);
    if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}

/**
 * `count` leads for `seed`, oldest first. Fast (no validation here; the unit tests check
 * that the leads conform to the contract's Lead, and the client's PhoneSchema takes every phone).
 */
export function generateLeads(count: number, seed: number): Lead[] {
  const rng = createRng(seed);
  const phones = new Set<string>();
  const leads: Lead[] = new Array<Lead>(count);
  const start = ANCHOR_MS - SPAN_MS;
  for (let i = 0; i < count; i++) {
    let phone = randomPhone(rng);
    while (phones.has(phone)) phone = randomPhone(rng);
    phones.add(phone);

    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const status = pickStatus(rng);
    // Strictly increasing created_at: one slot of SPAN/count ms per lead, jittered inside it.
    const createdMs = start + Math.floor(((i + rng.next()) * SPAN_MS) / Math.max(count, 1));
    const updatedMs = createdMs + Math.floor(rng.next() * (ANCHOR_MS - createdMs));
    const firstList = rng.pick(SAMPLE_LIST_IDS);
    const secondList = rng.chance(0.25) ? rng.pick(SAMPLE_LIST_IDS) : firstList;
    const listIds = secondList === firstList ? [firstList] : [firstList, secondList];
    const metadata: Record<string, unknown> = { source: rng.pick(SOURCES), score: rng.int(0, 100) };
    if (rng.chance(0.4)) metadata.company = rng.pick(COMPANIES);
    if (rng.chance(0.5)) metadata.timezone = rng.pick(TIMEZONES);

    leads[i] = {
      id: rng.uuid(),
      account_id: SANDBOX_ACCOUNT_ID,
      name: [first, ' ', last].join(''),
      phone_number: phone,
      email: rng.chance(0.2)
        ? null
        : [asciiSlug(first), '.', asciiSlug(last), rng.chance(0.3) ? rng.int(1, 99) : '', '@', rng.pick(DOMAINS)].join(''),
      status,
      tags: pickTags(rng),
      notes: rng.chance(0.35) ? rng.pick(NOTES) : null,
      metadata,
      list_ids: listIds,
      converted_at:
        status === 'Converted' ? isoTime(createdMs + Math.floor((updatedMs - createdMs) / 2)) : null,
      created_at: isoTime(createdMs),
      updated_at: isoTime(updatedMs),
    };
  }
  return leads;
}
