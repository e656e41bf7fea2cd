// Phone numbers as people type them, checked and turned into the E.164 form the API
// wants. The metadata is libphonenumber-js's own, trimmed (see scripts/phone-metadata.ts).
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import generated from './phoneMetadata.json';

const metadata = generated as unknown as MetadataJson;
/** The countries each calling code serves, the main one first: part of the metadata's layout. */
const callingCodes = (generated as { country_calling_codes: Record<string, CountryCode[]> }).country_calling_codes;

/** E.164 for a dialable number written with + and the country code, or undefined. */
export function normalizePhone(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text.trim(), metadata);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Whether an E.164 number is one some country dials. */
export function isDialable(e164: string): boolean {
  return isValidPhoneNumber(e164, metadata);
}

/**
 * The country a number, complete or partly typed, belongs to: from the whole number when
 * it is one, else from its calling code when only one country uses it (+49, not +1).
 */
export function phoneCountry(text: string): CountryCode | undefined {
  const country = parsePhoneNumberFromString(text.trim(), metadata)?.country;
  if (country) return country;
  const digits = /^\s*\+([\d\s().-]*)/.exec(text)?.[1]?.replace(/\D/g, '') ?? '';
  for (let length = 1; length <= 3 && length <= digits.length; length++) {
    const countries = callingCodes[digits.slice(0, length)];
    if (countries) return countries.length === 1 ? countries[0] : undefined;
  }
  return undefined;
}
