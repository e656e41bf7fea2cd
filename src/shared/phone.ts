// Phone numbers as people type them, checked and turned into the E.164 form the API
// wants. The metadata is libphonenumber-js's own, trimmed (see scripts/phone-metadata.ts).
import { isSupportedCountry, isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode, type MetadataJson } from 'libphonenumber-js/core';
import generated from './phoneMetadata.json';

const metadata = generated as unknown as MetadataJson;
/** The countries each calling code serves, the main one first: part of the metadata's layout. */
const callingCodes = (generated as { country_calling_codes: Record<string, CountryCode[]> }).country_calling_codes;

/**
 * Why a text is not a number we can store. libphonenumber-js would read past each of these
 * (an extension dropped, letters read as a keypad's digits or cut off, text after the number
 * ignored), storing a number other than the one typed.
 */
export type PhoneProblem = 'extension' | 'letters' | 'characters' | 'invalid';
export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };
/** A number typed to look up may also be national when no country is known to read it in. */
export type DialledReading = PhoneReading | { ok: false; problem: 'noCountry' };

/** Digits and what people put between their groups: nothing that libphonenumber-js would skip. */
const DIGITS_AND_SEPARATORS = /^[0-9\s+\-.()]*$/;

/**
 * A number written with + and the country code, as E.164, or why it cannot be stored. With
 * `country`, a national number ("617 365 3288", "020 7946 0958") is read as that country's.
 */
export function readPhone(text: string, country?: CountryCode): PhoneReading {
  const trimmed = text.trim();
  const parsed = parsePhoneNumberFromString(trimmed, country ? { defaultCountry: country } : {}, metadata);
  if (parsed?.ext !== undefined) return { ok: false, problem: 'extension' };
  if (/\p{L}/u.test(trimmed)) return { ok: false, problem: 'letters' };
  if (!DIGITS_AND_SEPARATORS.test(trimmed)) return { ok: false, problem: 'characters' };
  return parsed?.isValid() ? { ok: true, e164: parsed.number } : { ok: false, problem: 'invalid' };
}

/**
 * A number as typed to look a lead up: international, or national in `country`. Without a
 * country a national number is refused as such, so the message can say how to allow it.
 */
export function readDialledPhone(text: string, country: CountryCode | undefined): DialledReading {
  const reading = readPhone(text, country);
  if (!reading.ok && reading.problem === 'invalid' && !country && isNational(text)) {
    return { ok: false, problem: 'noCountry' };
  }
  return reading;
}

/** Whether a number was typed in national form (no + and country code). */
export function isNational(text: string): boolean {
  return !text.trim().startsWith('+');
}

/**
 * The country national numbers are read in: the `topcalls.defaultCountry` setting, else the
 * region of VS Code's display language, or the region most people using that language live
 * in when it names none (en-GB → GB, pt-BR → BR, de → DE, en → US, ja → JP). Undefined
 * when neither names a country the phone metadata knows.
 */
export function defaultCountry(setting: string, language: string): CountryCode | undefined {
  const fromSetting = setting.trim().toUpperCase();
  if (fromSetting) return known(fromSetting);
  let region: string | undefined;
  try {
    region = new Intl.Locale(language).maximize().region;
  } catch {
    // Not a language tag VS Code would report; nothing to go by.
    return undefined;
  }
  return region ? known(region) : undefined;
}

function known(code: string): CountryCode | undefined {
  return isSupportedCountry(code as CountryCode, metadata) ? (code as CountryCode) : undefined;
}

/** E.164 for a dialable number written with + and the country code (and nothing else), or undefined. */
export function normalizePhone(text: string): string | undefined {
  const reading = readPhone(text);
  return reading.ok ? reading.e164 : undefined;
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
