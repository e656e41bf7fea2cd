// Phone numbers as people read them: "+44 20 7946 0958" for the stored "+442079460958".
// Only for showing: what is stored and sent stays E.164.
import { parsePhoneNumberFromString, type MetadataJson } from 'libphonenumber-js/core';
import generated from './phoneMetadata.json';

const metadata = generated as unknown as MetadataJson;

/** The number in international format, or the text as given when it is no number libphonenumber-js can place. */
export function formatPhoneForReading(e164: string): string {
  return parsePhoneNumberFromString(e164, metadata)?.formatInternational() ?? e164;
}
