// What a pasted API token may contain. Free of `vscode` so it is unit-tested.

/** Why a token cannot be kept, with the first offending character (as U+XXXX) and its 1-based position. */
export interface TokenProblem {
  kind: 'invisible' | 'control' | 'space' | 'other';
  codePoint: string;
  position: number;
}

/** Characters that show as nothing: zero-width spaces and joiners, word joiner, BOM, soft hyphen, direction marks. */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;
// Control characters are what the check is about.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The token without the line breaks and spaces a paste brings around it. Only those: the
 * broader String.prototype.trim would also drop a BOM, which is better reported.
 */
export function trimToken(text: string): string {
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}

/**
 * Undefined when every character is visible ASCII (what a bearer token is made of), else
 * the first one that is not: stored as is, it would be refused by HTTP or by TopCalls.
 */
export function tokenProblem(token: string): TokenProblem | undefined {
  let position = 0;
  for (const char of token) {
    position++;
    if (char >= '!' && char <= '~') continue;
    const codePoint = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    const kind = INVISIBLE.test(char) ? 'invisible' : CONTROL.test(char) ? 'control' : /\s/.test(char) ? 'space' : 'other';
    return { kind, codePoint, position };
  }
  return undefined;
}
