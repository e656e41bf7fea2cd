import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { notificationText } from '../../src/ui/notificationText';

/** VS Code's notification link syntax (parseLinkedText in src/vs/base/common/linkedText.ts, 1.100 to 1.139). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
const links = (text: string): string[] => [...text.matchAll(VSCODE_LINK)].map((m) => m[0]);

describe('notification text', () => {
  it('leaves no link VS Code would render, and nothing visible changes', () => {
    const hostile = [
      '[Click me](command:workbench.action.openSettings "Click me")',
      "[x](https://evil.example 'x')",
      '[open](file:///etc/passwd)',
      'Ann [a] [b](command:x)',
    ];
    for (const text of hostile) {
      assert.ok(links(text).length > 0, `the sample is a link: ${text}`);
      const shown = notificationText(`Lead ${text} is hidden by the current filter.`);
      assert.deepEqual(links(shown), [], shown);
      assert.equal(shown.replace(/\u200b/g, ''), `Lead ${text} is hidden by the current filter.`);
    }
    assert.equal(notificationText('Ann (VIP) [west]'), 'Ann (VIP) [west]');
  });

  it('no text of any kind comes out as a link', () => {
    const piece = fc.constantFrom('[', ']', '(', ')', 'command:', 'https://', 'file:', ' ', '"', "'", 'x', 'a.b');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => links(notificationText(pieces.join(''))).length === 0),
      { numRuns: 2000 },
    );
  });
});
