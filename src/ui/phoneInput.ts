// The input box for a phone number as people dial it: with + and the country code, or national
// in topcalls.defaultCountry. Go to Lead by Phone and New Lead ask the same way.
import * as vscode from 'vscode';
import { defaultCountrySetting } from '../config';
import { defaultCountry, isNational, readDialledPhone } from '../shared/phone';
import { formatPhoneForReading } from '../shared/phoneFormat';
import { phoneProblemText } from './phoneText';

export interface PhoneInput {
  /** The country a national number is read in, if any. */
  country: ReturnType<typeof defaultCountry>;
  options: vscode.InputBoxOptions;
}

/** `readAs` words what happens to the number a national one was read as ("Looks up {0}"). */
export function phoneInput(title: string, readAs: (readable: string) => string): PhoneInput {
  const country = defaultCountry(defaultCountrySetting(), vscode.env.language);
  const options: vscode.InputBoxOptions = {
    title,
    prompt: country
      ? vscode.l10n.t('Phone number, e.g. +14155552671, or without the country code for a number in {0}', country)
      : vscode.l10n.t('Phone number in international format, e.g. +14155552671'),
    validateInput: (text) => {
      const reading = readDialledPhone(text, country);
      if (!reading.ok) return phoneProblemText(reading.problem);
      // A national number: say which one it was read as, the country may not be the one meant.
      return isNational(text) ? { message: readAs(formatPhoneForReading(reading.e164)), severity: vscode.InputBoxValidationSeverity.Info } : undefined;
    },
  };
  return { country, options };
}
