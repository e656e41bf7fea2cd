// The JSON schema shipped for lead documents (schemas/lead.schema.json): made from the
// contract, and judging documents as the contract does.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { LEAD_SCHEMA_FILE, leadSchema, leadSchemaText } from '../../scripts/lead-schema';
import { DOCUMENT_FIELDS, READONLY_FIELDS, leadText } from '../../src/document/leadText';
import { contractFile } from '../sandbox/contract';
import { makeLead, sampleLead } from '../fixtures/leads';

type Schema = Record<string, unknown>;
const shipped = JSON.parse(fs.readFileSync(LEAD_SCHEMA_FILE, 'utf8')) as Schema;
const contract = (): Schema => parse(fs.readFileSync(contractFile(), 'utf8')) as Schema;

function validator(): (document: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // VS Code's own keyword, for its JSON editor.
  ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
  const validate = ajv.compile(shipped);
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

describe('lead document schema', () => {
  it('is the one the contract makes (run `npm run lead-schema` after the contract changes)', () => {
    assert.equal(fs.readFileSync(LEAD_SCHEMA_FILE, 'utf8'), leadSchemaText());
  });

  it('follows the contract: a changed phone pattern or status list changes it', () => {
    const changed = contract() as { components: { schemas: Record<string, Schema> } };
    changed.components.schemas.Phone!.pattern = '^\\+1\\d{10}$';
    (changed.components.schemas.Status!.enum as string[]).push('Lost');
    const properties = leadSchema(changed).properties as Record<string, Schema>;
    assert.equal(properties.phone_number!.pattern, '^\\+1\\d{10}$');
    assert.deepEqual(properties.status!.enum, ['New', 'Contacted', 'Converted', 'Unsubscribed', 'Lost']);
  });

  it('accepts the text of any lead the API sends, and a note to append', () => {
    const check = validator();
    for (const lead of [sampleLead, makeLead(7, { email: null, notes: 'called', converted_at: '2026-02-01T00:00:00Z' })]) {
      const document = JSON.parse(leadText(lead)) as Schema;
      assert.deepEqual(check(document), []);
      assert.deepEqual(check({ ...document, notes_append: 'Called back' }), []);
    }
  });

  it('flags what the contract refuses: a phone not in E.164, a bad email, an unknown status, an empty name', () => {
    const check = validator();
    const document = JSON.parse(leadText(sampleLead)) as Schema;
    for (const [field, value] of [
      ['phone_number', '0044 20 7946 0958'],
      ['phone_number', '+0123456789'],
      ['email', 'not an email'],
      ['status', 'Lost'],
      ['name', ''],
      ['tags', 'vip'],
    ] as const) {
      assert.notDeepEqual(check({ ...document, [field]: value }), [], `${field}: ${value}`);
    }
  });

  it('allows no other key, at the top or in the read-only part', () => {
    const check = validator();
    const document = JSON.parse(leadText(sampleLead)) as { _readonly: Schema };
    assert.notDeepEqual(check({ ...document, nickname: 'Ada' }), []);
    assert.notDeepEqual(check({ ...document, _readonly: { ...document._readonly, owner: 'me' } }), []);
  });

  it('describes every key, and marks the read-only ones read-only', () => {
    const properties = shipped.properties as Record<string, Schema>;
    assert.deepEqual(Object.keys(properties), [...DOCUMENT_FIELDS, 'notes_append', '_readonly']);
    for (const [key, schema] of Object.entries(properties)) assert.ok(typeof schema.description === 'string' && schema.description.length > 10, key);
    const readonly = properties._readonly!;
    assert.equal(readonly.readOnly, true);
    const inner = readonly.properties as Record<string, Schema>;
    assert.deepEqual(Object.keys(inner), [...READONLY_FIELDS]);
    for (const [key, schema] of Object.entries(inner)) {
      assert.equal(schema.readOnly, true, key);
      assert.match(String(schema.description), /Read-only/, key);
    }
  });
});
