// npm run phone-metadata
// Writes src/phoneMetadata.json: libphonenumber-js's "min" metadata without the number
// formats. The extension validates and normalizes numbers but never formats them, and
// the formats are 60% of the metadata, which both bundles carry. A unit test checks the
// file is current and that it gives the same verdicts as the full metadata.
import fs from 'node:fs';
import path from 'node:path';
import full from 'libphonenumber-js/metadata.min.json';
import { ROOT, isMain } from '../test/harness/util';

export const PHONE_METADATA_FILE = path.join(ROOT, 'src', 'phoneMetadata.json');

/** The layout this trim understands; a libphonenumber-js that changes it fails here, not in users' hands. */
const METADATA_VERSION = 4;
/** Where a country's (and a non-geographic code's) formats sit in its metadata array. */
const FORMATS_INDEX = 4;

type Territory = unknown[];
interface Metadata {
  version: number;
  countries: Record<string, Territory>;
  nonGeographic?: Record<string, Territory>;
}

export function validationMetadata(source: Metadata = full as unknown as Metadata): Metadata {
  if (source.version !== METADATA_VERSION) {
    throw new Error(`libphonenumber-js metadata version ${source.version}; scripts/phone-metadata.ts knows version ${METADATA_VERSION}`);
  }
  const withoutFormats = (territories: Record<string, Territory> = {}): Record<string, Territory> =>
    Object.fromEntries(
      Object.entries(territories).map(([code, territory]) => [code, territory.map((value, i) => (i === FORMATS_INDEX ? 0 : value))]),
    );
  return { ...source, countries: withoutFormats(source.countries), nonGeographic: withoutFormats(source.nonGeographic) };
}

export const phoneMetadataText = (): string => `${JSON.stringify(validationMetadata())}\n`;

if (isMain(import.meta.url)) {
  fs.writeFileSync(PHONE_METADATA_FILE, phoneMetadataText());
  console.log(`wrote ${path.relative(ROOT, PHONE_METADATA_FILE)} (${fs.statSync(PHONE_METADATA_FILE).size} bytes)`);
}
