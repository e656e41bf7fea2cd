// Phone numbers as people type them, turned into the E.164 form the API wants.
import { AsYouType, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 for a dialable number, or undefined. Without a country, the text must start with +. */
export function normalizePhone(text: string, defaultCountry?: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(text.trim(), defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** What a partly typed number looks like formatted, and the country it points to so far. */
export function formatAsYouType(text: string): { formatted: string; country: CountryCode | undefined } {
  const typer = new AsYouType();
  const formatted = typer.input(text);
  return { formatted, country: typer.getCountry() };
}
