import * as assert from 'node:assert/strict';
import { formatDateTime } from '../../src/dates';

describe('dates for reading', () => {
  it('use the display language, medium date and short time', () => {
    const iso = '2026-03-05T14:07:00Z';
    const expected = (locale: string): string => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
    assert.equal(formatDateTime(iso, 'en-US'), expected('en-US'));
    assert.equal(formatDateTime(iso, 'de'), expected('de'));
    assert.notEqual(formatDateTime(iso, 'en-US'), formatDateTime(iso, 'de'));
    assert.match(formatDateTime(iso, 'en-US'), /Mar 5, 2026/);
  });

  it('show a text that is no date as it is, and survive an unknown language tag', () => {
    assert.equal(formatDateTime('yesterday', 'en'), 'yesterday');
    assert.match(formatDateTime('2026-03-05T14:07:00Z', 'not a tag!'), /2026/);
  });
});
