import * as assert from 'node:assert/strict';
import { formatDateTime, formatMoment } from '../../src/shared/dates';

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

  it('say a moment of today by its time alone, and another day with its date', () => {
    const at = new Date(2026, 2, 5, 10, 42).getTime();
    const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' }).format(at);
    assert.equal(formatMoment(at, 'en-US', new Date(2026, 2, 5, 23, 0).getTime()), time);
    assert.equal(formatMoment(at, 'en-US', new Date(2026, 2, 6, 9, 0).getTime()), formatDateTime(new Date(at).toISOString(), 'en-US'));
    assert.match(formatMoment(at, 'en-US', at), /10:42/);
  });
});
