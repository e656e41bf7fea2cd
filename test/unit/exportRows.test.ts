// A lead as an export record, read back with csv-parse (the parser an import uses) and JSON.parse.
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { CSV_COLUMNS, exportHeader, exportRecords, leadRow } from '../../src/export/leadRows';
import type { Lead } from '../../src/shared/schemas';

const base: Lead = {
  id: '6f1c1c1e-8a3b-4f8e-9a55-0d6f0b1c2d3e',
  account_id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  name: 'Ada Lovelace',
  phone_number: '+442079460958',
  status: 'Contacted',
  tags: ['vip', 'b2b'],
  created_at: '2026-01-02T03:04:05.000Z',
  updated_at: '2026-01-02T03:04:05.000Z',
  email: 'ada@example.com',
  notes: 'first call',
  metadata: { source: 'fair', score: 3 },
  list_ids: ['1c8d0e5f-3a72-4b9c-8d4e-6f7a8b9c0d12'],
};

/** The CSV text of these leads, header included, parsed back into one record per lead. */
function roundTrip(leads: Lead[]): Record<string, string>[] {
  return parse<Record<string, string>>(exportHeader('csv') + exportRecords('csv', leads), { columns: true });
}

describe('export rows', () => {
  it('writes the columns an import reads, then id and list_ids, in that order', () => {
    assert.deepEqual([...CSV_COLUMNS], ['name', 'phone_number', 'email', 'status', 'tags', 'notes', 'metadata', 'id', 'list_ids']);
    assert.equal(exportHeader('csv'), 'name,phone_number,email,status,tags,notes,metadata,id,list_ids\n');
    assert.deepEqual(roundTrip([base]), [
      {
        name: 'Ada Lovelace',
        phone_number: '+442079460958',
        email: 'ada@example.com',
        status: 'Contacted',
        tags: '["vip","b2b"]',
        notes: 'first call',
        metadata: '{"source":"fair","score":3}',
        id: base.id,
        list_ids: '["1c8d0e5f-3a72-4b9c-8d4e-6f7a8b9c0d12"]',
      },
    ]);
  });

  it('quotes commas, quotes, line breaks and separators, and keeps unicode as it is', () => {
    const lead: Lead = {
      ...base,
      name: 'O"Brien, "Jr"',
      notes: 'line one\nline two\r\nthree; four\ttab',
      tags: ['a,b', 'say "hi"', 'x;y|z', 'new\nline', '東京', '👩‍💻'],
      metadata: { quote: '"', comma: ',', nested: { list: [1, 'two'] }, emoji: '🎉' },
    };
    const text = exportRecords('csv', [lead]);
    assert.ok(text.startsWith('"O""Brien, ""Jr"""'), text);
    const [row] = roundTrip([lead]);
    assert.equal(row?.name, lead.name);
    assert.equal(row?.notes, lead.notes);
    assert.deepEqual(JSON.parse(row?.tags ?? ''), lead.tags);
    assert.deepEqual(JSON.parse(row?.metadata ?? ''), lead.metadata);
  });

  it('writes null or missing email, notes and metadata as empty cells, and no tags or lists as []', () => {
    const { email: _email, notes: _notes, metadata: _metadata, list_ids: _lists, ...bare } = base;
    for (const lead of [{ ...bare, tags: [] }, { ...bare, tags: [], email: null, notes: null }]) {
      const [row] = roundTrip([lead]);
      assert.equal(row?.email, '');
      assert.equal(row?.notes, '');
      assert.equal(row?.metadata, '');
      assert.equal(row?.tags, '[]');
      assert.equal(row?.list_ids, '[]');
    }
    assert.equal(leadRow({ ...base, metadata: {} }).metadata, '{}');
  });

  it('reads back every field of any lead unchanged (property)', () => {
    const text = fc.string({ unit: 'grapheme' });
    const lead = fc.record({
      name: text,
      email: fc.option(text, { nil: null }),
      notes: fc.option(text, { nil: null }),
      tags: fc.array(text),
      metadata: fc.dictionary(text, fc.jsonValue()),
    });
    fc.assert(
      fc.property(fc.array(lead, { maxLength: 5 }), (fields) => {
        const leads = fields.map((f) => ({ ...base, ...f }));
        const rows = roundTrip(leads);
        assert.equal(rows.length, leads.length);
        rows.forEach((row, i) => {
          const lead = leads[i]!;
          assert.equal(row.name, lead.name);
          assert.equal(row.email, lead.email ?? '');
          assert.equal(row.notes, lead.notes ?? '');
          assert.deepEqual(JSON.parse(row.tags ?? ''), lead.tags);
          assert.deepEqual(JSON.parse(row.metadata ?? ''), JSON.parse(JSON.stringify(lead.metadata)));
        });
      }),
    );
  });

  it('writes JSON Lines as one lead a line, each the lead as given', () => {
    const other: Lead = { ...base, id: 'b', notes: 'two\nlines \u2028 and a separator' };
    const text = exportRecords('jsonl', [base, other]);
    assert.equal(exportHeader('jsonl'), '');
    const lines = text.split('\n');
    assert.equal(lines.pop(), '', 'ends with a line break');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as unknown),
      [base, other],
    );
  });
});
