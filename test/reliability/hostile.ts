// Hostile lead data and how to tell that Markdown built from it is inert. Shared by the
// unit, in-editor and e2e hostile tests. No `vscode` here.
import MarkdownIt from 'markdown-it';
import { SANDBOX_ACCOUNT_ID, type RawLead } from '../sandbox';

export const PWNED = '__tcPwned';
export const INJECTED_ID = 'tc-injected';

export const PAYLOADS = {
  html: `<img src=x onerror="globalThis.${PWNED}=1"><b id="${INJECTED_ID}">bold</b>`,
  script: `<script>globalThis.${PWNED}=1</script><iframe src="javascript:globalThis.${PWNED}=1"></iframe>`,
  markdownLinks: '[click me](https://evil.example/x) ![img](https://evil.example/i.png) <https://evil.example/auto> [ref][r]\n\n[r]: https://evil.example/ref',
  commandUris: '[run](command:topcalls.signOut) [quit](command:workbench.action.quit?%5B%5D) command:topcalls.signOut',
  autolinks: 'https://evil.example/path www.evil.example mail@evil.example',
  rtl: '\u202Egnp.exe \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \u2067isolate\u2069',
  emoji: '😀 👩‍👩‍👧‍👦 🏳️‍🌈 🇺🇦',
  markdownStructure: '# heading\n---\n> quote\n```js\ncode()\n```\n| a | b |\n|---|---|\n- item\n1. one\n<!-- comment -->',
  entities: '&lt;img src=x onerror=alert(1)&gt; &#x3C;script&#x3E; &amp;',
  themeIcons: '$(alert) $(github)',
} as const;

/** 100 KB of every payload, repeated. */
export const LONG_NOTES = Object.values(PAYLOADS).join('\n').repeat(200).slice(0, 100 * 1024);

const FUTURE = '2099-01-01T00:00:00.000Z';

/** Hostile leads, newest first (created in 2099) so they head the list and the New group. */
export function hostileLeads(): RawLead[] {
  const base = (n: number, phone: string) => ({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    account_id: SANDBOX_ACCOUNT_ID,
    phone_number: phone,
    status: 'New',
    created_at: FUTURE.replace('00:00:00', `00:00:0${n}`),
    updated_at: FUTURE,
    list_ids: [],
    metadata: {},
  });
  return [
    {
      ...base(1, '+14155550101'),
      name: `${PAYLOADS.html} lead one`,
      email: 'x@evil.example"><img src=x onerror=alert(1)>',
      notes: `${PAYLOADS.script}\n${PAYLOADS.markdownLinks}`,
      tags: [PAYLOADS.commandUris, PAYLOADS.html],
      list_ids: ['<b>list</b>', '[l](command:topcalls.signOut)'],
      metadata: { '<img src=x onerror=alert(1)>': PAYLOADS.script, nested: { link: PAYLOADS.markdownLinks } },
    },
    {
      ...base(2, '+14155550102'),
      name: `${PAYLOADS.markdownLinks.split('\n')[0]} lead two`,
      notes: LONG_NOTES,
      tags: [PAYLOADS.autolinks, PAYLOADS.themeIcons],
    },
    {
      ...base(3, '+14155550103'),
      name: `${PAYLOADS.rtl} ${PAYLOADS.emoji} lead three`,
      // 299 ASCII characters, then emoji: cutting at 300 UTF-16 units splits a surrogate pair.
      notes: `${'a'.repeat(299)}${'😀'.repeat(10)}`,
      tags: [PAYLOADS.emoji, PAYLOADS.rtl],
    },
    {
      ...base(4, '+14155550104'),
      name: `${PAYLOADS.commandUris} lead four`,
      notes: `${PAYLOADS.markdownStructure}\n${PAYLOADS.entities}`,
      tags: [PAYLOADS.entities, PAYLOADS.markdownStructure],
    },
    {
      ...base(5, '+14155550105'),
      name: `${'Ω'.repeat(20_000)} lead five`,
      notes: PAYLOADS.themeIcons,
      tags: Array.from({ length: 200 }, (_, i) => `tag-${i}-${PAYLOADS.script}`),
    },
  ];
}

const md = new MarkdownIt({ html: true, linkify: true });

/** Tags Markdown from lead data may produce: text formatting only (no links, media, script or raw HTML). */
const INERT_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'strong', 'em', 'br', 'hr', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote']);

export interface Rendered {
  html: string;
  /** Rendered text, entities decoded. */
  text: string;
  /** Why it is not inert, or [] */
  problems: string[];
}

/**
 * Renders Markdown with raw HTML and autolinks switched ON (stricter than VS Code's hover,
 * which has HTML off for untrusted strings): anything live that survives this would
 * survive there too.
 */
export function renderMarkdown(markdown: string): Rendered {
  const html = md.render(markdown);
  const problems: string[] = [];
  for (const match of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tag = match[1]!.toLowerCase();
    if (!INERT_TAGS.has(tag)) problems.push(`<${tag}> element`);
    if (/\s(href|src|on\w+|style)=/i.test(match[2] ?? '')) problems.push(`attribute in ${match[0].slice(0, 60)}`);
  }
  if (/command:/i.test(html.replace(/>[^<]*</g, '><'))) problems.push('command: URI outside text');
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return { html, text, problems: [...new Set(problems)] };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Whitespace-insensitive containment (Markdown reflows line breaks and runs of spaces). */
export function containsText(haystack: string, needle: string): boolean {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
  return flat(haystack).includes(flat(needle));
}
