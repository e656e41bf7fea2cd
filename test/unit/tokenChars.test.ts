import * as assert from 'node:assert/strict';
import { tokenProblem, trimToken } from '../../src/auth/tokenChars';

describe('API token text', () => {
  it('keeps visible ASCII, and trims only the spaces and line breaks around it', () => {
    assert.equal(tokenProblem('tc_live_AbC123-._~+/='), undefined);
    assert.equal(trimToken('  tc_live_abc\r\n'), 'tc_live_abc');
    assert.equal(trimToken('\ufefftc_live_abc'), '\ufefftc_live_abc', 'a BOM is reported, not silently dropped');
  });

  it('names the first invisible, control, space or other character, and where it is', () => {
    assert.deepEqual(tokenProblem('tc_live\u200b_abc'), { kind: 'invisible', codePoint: 'U+200B', position: 8 });
    assert.deepEqual(tokenProblem('\ufefftc_live_abc'), { kind: 'invisible', codePoint: 'U+FEFF', position: 1 });
    assert.deepEqual(tokenProblem('tc_live_a\u2060bc'), { kind: 'invisible', codePoint: 'U+2060', position: 10 });
    assert.deepEqual(tokenProblem('tc_live_abc\u0007'), { kind: 'control', codePoint: 'U+0007', position: 12 });
    assert.deepEqual(tokenProblem('tc_live\tabc'), { kind: 'control', codePoint: 'U+0009', position: 8 });
    assert.deepEqual(tokenProblem('tc live'), { kind: 'space', codePoint: 'U+0020', position: 3 });
    assert.deepEqual(tokenProblem('tc_live\u00a0abc'), { kind: 'space', codePoint: 'U+00A0', position: 8 });
    assert.deepEqual(tokenProblem('tc_lïve'), { kind: 'other', codePoint: 'U+00EF', position: 5 });
    assert.deepEqual(tokenProblem('tc_live_😀'), { kind: 'other', codePoint: 'U+1F600', position: 9 });
  });
});
