// Deterministic sample leads: the same (count, seed) always gives the same leads.
// Every phone number is valid for PhoneSchema (E.164 + libphonenumber) and unique.
import type { Lead, Status } from '../../src/api/schemas';
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
const DE_MOBILE = ['151', '152', '157', '160', '162', '170', '171', '172', '173', '175', '176', '177', '178', '179'] as const;
const digits = (rng: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

/** A random valid mobile/geographic number from US, GB, DE or FR (mostly US). */
function randomPhone(rng: Rng): string {
  const r = rng.next();
  if (r < 0.55) return `+1${rng.pick(US_AREA_CODES)}${rng.int(2, 9)}${digits(rng, 2)}${digits(rng, 4)}`;
  // GB mobiles; 07700 900xxx (the drama range) is deliberately avoided: libphonenumber rejects it.
  if (r < 0.7) return `+447${rng.pick(['4', '5', '8', '9'])}${digits(rng, 8)}`;
  if (r < 0.85) return `+49${rng.pick(DE_MOBILE)}${digits(rng, 8)}`;
  return rng.chance(0.7) ? `+336${digits(rng, 8)}` : `+337${rng.int(3, 9)}${digits(rng, 7)}`;
}

const asciiSlug = (s: string): string =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ø/g, 'o').replace(/[^a-z]/g, '');

function pickStatus(rng: Rng): Status {
  let r = rng.next();
  for (const [status, weight] of STATUS_WEIGHTS) {
    if ((r -= weight) < 0) return status;
  }
  return 'New';
}

function pickTags(rng: Rng): string[] {
  const count = rng.pick([0, 0, 1, 1, 1, 2, 2, 3]);
  const tags = new Set<string>();
  while (tags.size < count) tags.add(rng.pick(SAMPLE_TAGS));
  return [...tags];
}

/**
 * `count` leads for `seed`, oldest first. Fast (no validation here; the unit tests check
 * that every phone passes PhoneSchema for 100k leads).
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
    const listIds = rng.chance(0.25) ? [...new Set([firstList, rng.pick(SAMPLE_LIST_IDS)])] : [firstList];
    const metadata: Record<string, unknown> = { source: rng.pick(SOURCES), score: rng.int(0, 100) };
    if (rng.chance(0.4)) metadata.company = rng.pick(COMPANIES);
    if (rng.chance(0.5)) metadata.timezone = rng.pick(TIMEZONES);

    leads[i] = {
      id: rng.uuid(),
      account_id: SANDBOX_ACCOUNT_ID,
      name: `${first} ${last}`,
      phone_number: phone,
      email: rng.chance(0.2)
        ? null
        : `${asciiSlug(first)}.${asciiSlug(last)}${rng.chance(0.3) ? rng.int(1, 99) : ''}@${rng.pick(DOMAINS)}`,
      status,
      tags: pickTags(rng),
      notes: rng.chance(0.35) ? rng.pick(NOTES) : null,
      metadata,
      list_ids: listIds,
      converted_at:
        status === 'Converted' ? new Date(createdMs + Math.floor((updatedMs - createdMs) / 2)).toISOString() : null,
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
    };
  }
  return leads;
}
