import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import examples from 'libphonenumber-js/examples.mobile.json';
import fullMetadata from 'libphonenumber-js/metadata.min.json';
import { isValidPhoneNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/core';
import { PHONE_METADATA_FILE, phoneMetadataText } from '../../scripts/phone-metadata';
import { defaultCountry, isDialable, normalizePhone, phoneCountry, readDialledPhone, readPhone } from '../../src/shared/phone';
import { formatPhoneForReading } from '../../src/shared/phoneFormat';

/** Each country's example number, and near misses of it: one digit short, one long, one changed, spaced out. */
function spellings(): string[] {
  const out: string[] = [];
  for (const [country, national] of Object.entries(examples)) {
    const e164 = parsePhoneNumberFromString(national, country as CountryCode, fullMetadata)?.number;
    assert.ok(e164, `${country} example ${national}`);
    const last = Number(e164.at(-1));
    out.push(
      e164,
      e164.slice(0, -1),
      `${e164}5`,
      `${e164.slice(0, -1)}${(last + 1) % 10}`,
      `${e164.slice(0, 4)}0${e164.slice(5)}`,
      `${e164.slice(0, 3)} ${e164.slice(3, 6)}-${e164.slice(6)}`,
    );
  }
  return out;
}

describe('phone numbers (trimmed libphonenumber-js metadata)', function () {
  it('src/shared/phoneMetadata.json is current (run `npm run phone-metadata` after updating libphonenumber-js)', function () {
    assert.equal(fs.readFileSync(PHONE_METADATA_FILE, 'utf8'), phoneMetadataText());
  });

  it('judges every country as the full metadata does', function () {
    const numbers = spellings();
    assert.ok(numbers.length > 1000);
    const differ = numbers.filter((n) => {
      const full = parsePhoneNumberFromString(n, fullMetadata);
      const expected = [isValidPhoneNumber(n, fullMetadata), full?.isValid() ? full.number : undefined];
      // A number the full metadata places in no country may still get its calling code's only country.
      const countryDiffers = full?.country !== undefined && phoneCountry(n) !== full.country;
      return countryDiffers || JSON.stringify([isDialable(n), normalizePhone(n)]) !== JSON.stringify(expected);
    });
    assert.deepEqual(differ, []);
  });

  it('normalizes any spelling of a dialable number to E.164', function () {
    assert.equal(normalizePhone(' +1 (415) 555-2671 '), '+14155552671');
    assert.equal(normalizePhone('+44 20 7946 0958'), '+442079460958');
    assert.equal(normalizePhone('4155552671'), undefined);
    assert.equal(normalizePhone('+1 415 555'), undefined);
    assert.equal(isDialable('+10005552671'), false);
  });

  it('refuses a number with an extension, letters or other text instead of storing part of it', function () {
    assert.deepEqual(readPhone('+1 415 555 2671 ext. 42'), { ok: false, problem: 'extension' });
    assert.deepEqual(readPhone('+1 415 555 2671;ext=42'), { ok: false, problem: 'extension' });
    assert.deepEqual(readPhone('+1 415 555 2671 #42'), { ok: false, problem: 'extension' });
    assert.deepEqual(readPhone('+16173106876abc'), { ok: false, problem: 'letters' });
    assert.deepEqual(readPhone('+1 800 FLOWERS'), { ok: false, problem: 'letters' });
    assert.deepEqual(readPhone('+1 415 555 2671 / +1 212 555 0100'), { ok: false, problem: 'characters' });
    assert.deepEqual(readPhone('+1 415 555\u200b2671'), { ok: false, problem: 'characters' });
    assert.deepEqual(readPhone('+1 415'), { ok: false, problem: 'invalid' });
    assert.deepEqual(readPhone(' +1 (415) 555-2671 '), { ok: true, e164: '+14155552671' });
    for (const text of ['+1 415 555 2671 ext. 42', '+16173106876abc', '+1 800 FLOWERS']) assert.equal(normalizePhone(text), undefined, text);
  });

  it('names the country of a complete number, and of a partial one when its calling code is one country', function () {
    assert.equal(phoneCountry('+1 415 555 2671'), 'US');
    assert.equal(phoneCountry('+1 416 555 0123'), 'CA');
    assert.equal(phoneCountry('+49 30'), 'DE');
    assert.equal(phoneCountry('+1 41'), undefined);
    assert.equal(phoneCountry('+'), undefined);
    assert.equal(phoneCountry('49 30'), undefined);
  });

  it('formats every dialable number for reading as the full metadata does, and any other with its digits as stored', function () {
    const numbers = spellings().map((n) => n.replace(/[\s-]/g, ''));
    // Dialable and already E.164, as the API stores them: parsing would not change a digit.
    const dialable = numbers.filter((n) => isValidPhoneNumber(n, fullMetadata) && parsePhoneNumberFromString(n, fullMetadata)?.number === n);
    assert.ok(dialable.length > 200);
    const differ = dialable.filter((n) => formatPhoneForReading(n) !== parsePhoneNumberFromString(n, fullMetadata)?.formatInternational());
    assert.deepEqual(differ, []);
    // Parsing drops a national prefix typed after the country code: what is shown must still be what is stored.
    const altered = numbers.filter((n) => formatPhoneForReading(n).replace(/[^\d+]/g, '') !== n);
    assert.deepEqual(altered, []);
  });

  it('shows numbers in international format, and what is no number as it is', function () {
    assert.equal(formatPhoneForReading('+442079460958'), '+44 20 7946 0958');
    assert.equal(formatPhoneForReading('+14155552671'), '+1 415 555 2671');
    assert.equal(formatPhoneForReading('+33612345678'), '+33 6 12 34 56 78');
    assert.equal(formatPhoneForReading('not a number'), 'not a number');
  });

  it('reads a national number in the default country, an international one whatever the country', function () {
    assert.deepEqual(readDialledPhone('617 365 3288', 'US'), { ok: true, e164: '+16173653288' });
    assert.deepEqual(readDialledPhone('(617) 365-3288', 'US'), { ok: true, e164: '+16173653288' });
    assert.deepEqual(readDialledPhone('020 7946 0958', 'GB'), { ok: true, e164: '+442079460958' });
    assert.deepEqual(readDialledPhone('+44 20 7946 0958', 'US'), { ok: true, e164: '+442079460958' });
    // A GB national number is no US number: refused, not looked up as something else.
    assert.deepEqual(readDialledPhone('020 7946 0958', 'US'), { ok: false, problem: 'invalid' });
    assert.deepEqual(readDialledPhone('617 365 3288 ext. 4', 'US'), { ok: false, problem: 'extension' });
  });

  it('refuses a national number when no country is known, saying so', function () {
    assert.deepEqual(readDialledPhone('617 365 3288', undefined), { ok: false, problem: 'noCountry' });
    assert.deepEqual(readDialledPhone('+1 617 365 3288', undefined), { ok: true, e164: '+16173653288' });
    assert.deepEqual(readDialledPhone('+1 617 365', undefined), { ok: false, problem: 'invalid' });
  });

  it('takes the default country from the setting, else from the display language', function () {
    assert.equal(defaultCountry('gb', 'en'), 'GB');
    assert.equal(defaultCountry(' DE ', 'en-GB'), 'DE');
    assert.equal(defaultCountry('', 'en-GB'), 'GB');
    assert.equal(defaultCountry('', 'pt-br'), 'BR');
    assert.equal(defaultCountry('', 'en'), 'US');
    assert.equal(defaultCountry('', 'de'), 'DE');
    assert.equal(defaultCountry('', 'ja'), 'JP');
    assert.equal(defaultCountry('', 'zh-tw'), 'TW');
    // A code no country has, or a language tag that is none: no country, not a guess.
    assert.equal(defaultCountry('XX', 'en'), undefined);
    assert.equal(defaultCountry('', 'qqq-invalid-'), undefined);
  });
});
