// Unit-level hostile inputs (fast-check): the webview protocol parser and the tooltip's
// Markdown escaping, with thousands of generated values each.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { LeadPatchSchema } from '../../src/shared/schemas';
import { ToHostSchema } from '../../src/shared/protocol';
import { markdownText } from '../../src/tree/markdown';
import { PAYLOADS, containsText, renderMarkdown } from '../reliability/hostile';
import { hostileMessage, prototypeIntact } from '../reliability/messages';
import { recorded, type InputsRecord } from '../reliability/report';

/** The kind of JSON value a field holds in the document (a value being typed may still be one the API refuses). */
function ofFieldKind(field: string, value: unknown): boolean {
  const text = typeof value === 'string';
  switch (field) {
    case 'name':
    case 'phone_number':
    case 'notes_append':
      return text;
    case 'email':
    case 'notes':
      return text || value === null;
    case 'status':
      return LeadPatchSchema.safeParse({ status: value }).success;
    case 'tags':
      return Array.isArray(value) && value.every((tag) => typeof tag === 'string');
    case 'metadata':
      return LeadPatchSchema.safeParse({ metadata: value }).success;
    default:
      return false;
  }
}

function counted(area: string, body: (record: InputsRecord) => Promise<void> | void): Promise<void> {
  return recorded<InputsRecord>({ type: 'inputs', area, tried: 0, failures: 0, apiRequests: 0, outcome: 'fail' }, body);
}

describe('[reliability] hostile inputs (unit)', function () {
  this.timeout(120_000);

  it('ToHostSchema never throws and accepts only the three message shapes, with strict fields and each field its own kind of value', async () => {
    await counted('webview → host messages (ToHostSchema)', (record) => {
      fc.assert(
        fc.property(hostileMessage, (message) => {
          record.tried++;
          const parsed = ToHostSchema.safeParse(message);
          if (!parsed.success) return prototypeIntact();
          const data = parsed.data as Record<string, unknown>;
          const allowed: Record<string, string[]> = { ready: ['type'], action: ['type', 'action'], edit: ['type', 'seq', 'field', 'value'] };
          const keys = allowed[String(data.type)];
          if (!keys || !Object.keys(data).every((k) => keys.includes(k))) {
            record.failures++;
            return false;
          }
          if (data.type === 'edit' && !ofFieldKind(String(data.field), data.value)) {
            record.failures++;
            return false;
          }
          return prototypeIntact();
        }),
        { numRuns: 5000, seed: 7 },
      );
    });
  });

  const markdownish = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.array(fc.constantFrom(...Object.values(PAYLOADS), '<', '>', '&', '[', ']', '(', ')', '`', '*', '_', '\\', '\n', '\n\n', '    ', '|', '!', ':', '#', 'http://x.example', 'www.x.example', 'a@b.example', '&amp;', '&#60;', '<!--', '-->', '$(zap)'), { maxLength: 30 }).map((parts) => parts.join('')),
  );

  it('markdownText: any text renders with no link, image, HTML or command', async () => {
    await counted('lead text in Markdown (markdownText): inert', (record) => {
      fc.assert(
        fc.property(markdownish, (text) => {
          record.tried++;
          const rendered = renderMarkdown(`**Notes:** ${markdownText(text)}`);
          if (rendered.problems.length === 0) return true;
          record.failures++;
          return false;
        }),
        { numRuns: 4000, seed: 11 },
      );
    });
  });

  it('markdownText: any text renders as that same text', async () => {
    await counted('lead text in Markdown (markdownText): faithful', (record) => {
      fc.assert(
        fc.property(markdownish, (text) => {
          record.tried++;
          const rendered = renderMarkdown(`**Notes:** ${markdownText(text)}`);
          // The renderer itself replaces NUL with U+FFFD.
          if (containsText(rendered.text, text.split(String.fromCharCode(0)).join('\uFFFD'))) return true;
          record.failures++;
          return false;
        }),
        { numRuns: 4000, seed: 11 },
      );
    });
  });

  it('markdownText: an indented line after a blank line shows as text, not as a code block of escapes', () => {
    // Notes like "Call back:\n\n    Tue 3pm - ask for Ana." are common; in an indented code
    // block Markdown escapes and entities are shown literally ("Tue 3pm \- ask for Ana\.").
    const notes = 'Call back:\n\n    Tue 3pm - ask for <Ana>.';
    const rendered = renderMarkdown(`**Notes:**\n\n${markdownText(notes)}`);
    assert.ok(!rendered.html.includes('<pre>'), `rendered as a code block:\n${rendered.html}`);
    assert.ok(containsText(rendered.text, 'Tue 3pm - ask for <Ana>.'), rendered.text);
  });

  it('every known payload is inert on its own', () => {
    for (const payload of Object.values(PAYLOADS)) {
      const rendered = renderMarkdown(markdownText(payload));
      assert.deepEqual(rendered.problems, [], payload);
    }
  });
});
