// npm run lead-schema
// Writes schemas/lead.schema.json, the JSON schema VS Code's JSON editor checks lead
// documents (`topcalls:/leads/<id>.json`) with: completion of field names and statuses,
// hovers, and the contract's rules flagged as the user types. The rules come from the
// contract (docs/api/openapi.yaml): the writable fields and notes_append from LeadPatch, the
// read-only part from Lead. The contract describes few fields, so each field's text here
// says what it is in the document, followed by the contract's own description where it has
// one. A unit test fails when the file no longer matches the contract.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { APPEND_KEY, DOCUMENT_FIELDS, READONLY_FIELDS, READONLY_KEY } from '../src/document/leadText';
import { contractFile } from '../test/sandbox/contract';
import { ROOT, isMain } from '../test/harness/util';

export const LEAD_SCHEMA_FILE = path.join(ROOT, 'schemas', 'lead.schema.json');

type Schema = Record<string, unknown>;

/** What each key is in the document; the contract's description of its shape follows it. */
const FIELD_TEXT: Record<string, string> = {
  name: "The lead's name.",
  phone_number: 'The number TopCalls calls.',
  email: "The lead's email address, or null.",
  status: 'Where the lead is: New, Contacted, Converted or Unsubscribed.',
  tags: 'Labels to group and filter leads by.',
  notes: 'Free text about the lead, or null. Replaces the notes on TopCalls when saved.',
  metadata: 'Any JSON object your own systems keep with the lead.',
  [APPEND_KEY]: 'A note to add at the end of the notes when the document is saved. Not with a change to notes in the same save.',
  [READONLY_KEY]: 'Set by TopCalls, shown for reference. Read-only: a save that changes it is refused.',
  id: 'The lead id. Read-only.',
  account_id: 'The TopCalls account the lead belongs to. Read-only.',
  list_ids: 'The lists the lead is on. Read-only.',
  created_at: 'When the lead was created. Read-only.',
  updated_at: 'When the lead last changed on TopCalls: the copy this document was read from. Read-only.',
  converted_at: 'When the lead became Converted, or null. Read-only.',
};

/** VS Code's own keyword: the message for a value that does not match `pattern` (English only: schemas are not localised). */
const PATTERN_MESSAGES: Record<string, string> = {
  phone_number: 'Use E.164 format: + then the country code and number, e.g. +14155552671',
};

export function leadSchema(contract: Schema): Schema {
  const components = (contract.components as { schemas: Record<string, Schema> }).schemas;
  const component = (name: string): Schema => {
    const found = components[name];
    if (!found) throw new Error(`the contract has no components.schemas.${name}`);
    return found;
  };
  /** A property's schema with its $ref inlined (the file stands alone) and the document's text first in its description. */
  const property = (key: string, schema: Schema): Schema => {
    const ref = typeof schema.$ref === 'string' ? /^#\/components\/schemas\/(\w+)$/.exec(schema.$ref)?.[1] : undefined;
    const { $ref: _ref, ...own } = ref ? { ...component(ref), ...schema } : schema;
    const text = FIELD_TEXT[key];
    if (!text) throw new Error(`scripts/lead-schema.ts has no description for ${key}`);
    const description = [text, own.description].filter((part) => typeof part === 'string').join(' ');
    const message = PATTERN_MESSAGES[key];
    return { ...own, description, ...(message ? { patternErrorMessage: message } : {}) };
  };
  const propertiesOf = (name: string, keys: readonly string[]): Record<string, Schema> => {
    const properties = component(name).properties as Record<string, Schema>;
    return Object.fromEntries(
      keys.map((key) => {
        const schema = properties[key];
        if (!schema) throw new Error(`the contract's ${name} has no property ${key}`);
        return [key, property(key, schema)];
      }),
    );
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'TopCalls lead',
    description: 'A TopCalls lead. Saving sends the fields you changed; _readonly is for reference.',
    type: 'object',
    properties: {
      ...propertiesOf('LeadPatch', [...DOCUMENT_FIELDS, APPEND_KEY]),
      [READONLY_KEY]: {
        type: 'object',
        description: FIELD_TEXT[READONLY_KEY],
        readOnly: true,
        properties: Object.fromEntries(Object.entries(propertiesOf('Lead', READONLY_FIELDS)).map(([key, schema]) => [key, { ...schema, readOnly: true }])),
        additionalProperties: false,
      },
    },
    additionalProperties: false,
  };
}

export const leadSchemaText = (): string => `${JSON.stringify(leadSchema(parse(fs.readFileSync(contractFile(), 'utf8')) as Schema), null, 2)}\n`;

if (isMain(import.meta.url)) {
  fs.mkdirSync(path.dirname(LEAD_SCHEMA_FILE), { recursive: true });
  fs.writeFileSync(LEAD_SCHEMA_FILE, leadSchemaText());
  console.log(`wrote ${path.relative(ROOT, LEAD_SCHEMA_FILE)}`);
}
