// Phone numbers as people read them: "+44 20 7946 0958" for the stored "+442079460958".
// Only for showing: what is stored and sent stays E.164.
import { PhoneNumber, type MetadataJson } from 'libphonenumber-js/core';
import generated from './phoneMetadata.json';

const metadata = generated as unknown as MetadataJson;

/**
 * A tree page formats 200 numbers, again on each refresh. Formatting from the calling
 * code alone skips parsing's search for the country (+1 is two dozen countries, and
 * international formats do not differ between them), and each number is formatted once.
 */
const formatted = new Map<string, string>();
const KEPT = 20_000;

/** The number in international format, or the text as given when it is no E.164 number. */
export function formatPhoneForReading(e164: string): string {
  let text = formatted.get(e164);
  if (text === undefined) {
    text = format(e164);
    if (formatted.size >= KEPT) formatted.clear();
    formatted.set(e164, text);
  }
  return text;
}

function format(e164: string): string {
  try {
    return new PhoneNumber(e164, metadata).formatInternational();
  } catch {
    // Not "+" and digits, or no more than a calling code.
    return e164;
  }
}
