// npm run phone-metadata
// Writes src/shared/phoneMetadata.json: libphonenumber-js's "min" metadata without what only
// national formatting reads (each format's national prefix rules). The
// extension validates numbers and shows them in international format, in both bundles.
// A unit test checks the file is current, and that it judges and formats numbers as the
// full metadata does.
import fs from 'node:fs';
import path from 'node:path';
import full from 'libphonenumber-js/metadata.min.json';
import { ROOT, isMain } from '../test/harness/util';

export const PHONE_METADATA_FILE = path.join(ROOT, 'src', 'shared', 'phoneMetadata.json');

/** The layout this trim understands; a libphonenumber-js that changes it fails here, not in users' hands. */
const METADATA_VERSION = 4;
/** Where a country's (and a non-geographic code's) formats sit in its metadata array. */
const FORMATS_INDEX = 4;
/** In a format: the national prefix formatting rule, and whether that prefix is optional. */
const NATIONAL_ONLY = new Set([3, 4]);

type Territory = unknown[];
interface Metadata {
  version: number;
  countries: Record<string, Territory>;
  nonGeographic?: Record<string, Territory>;
}

export function shippedMetadata(source: Metadata = full): Metadata {
  if (source.version !== METADATA_VERSION) {
    throw new Error(`libphonenumber-js metadata version ${source.version}; scripts/phone-metadata.ts knows version ${METADATA_VERSION}`);
  }
  const internationalOnly = (formats: unknown): unknown =>
    Array.isArray(formats) ? formats.map((format: unknown[]) => format.map((value, i) => (NATIONAL_ONLY.has(i) ? 0 : value))) : formats;
  const trim = (territories: Record<string, Territory> = {}): Record<string, Territory> =>
    Object.fromEntries(
      Object.entries(territories).map(([code, territory]) => [code, territory.map((value, i) => (i === FORMATS_INDEX ? internationalOnly(value) : value))]),
    );
  return { ...source, countries: trim(source.countries), nonGeographic: trim(source.nonGeographic) };
}

export const phoneMetadataText = (): string => `${JSON.stringify(shippedMetadata())}\n`;

if (isMain(import.meta.url)) {
  fs.writeFileSync(PHONE_METADATA_FILE, phoneMetadataText());
  console.log(`wrote ${path.relative(ROOT, PHONE_METADATA_FILE)} (${fs.statSync(PHONE_METADATA_FILE).size} bytes)`);
}
