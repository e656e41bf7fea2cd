import * as assert from 'node:assert/strict';
import { markdownText } from '../../src/tree/markdown';

describe('markdownText', () => {
  it('neutralises links, command URIs, images and emphasis', () => {
    const out = markdownText('[click](command:topcalls.signOut) ![x](http://e/x.png) **b** `c`');
    assert.doesNotMatch(out, /(?<!\\)[[\]()*`!]/);
    assert.doesNotMatch(out, /command:/);
  });

  it('turns HTML into entities', () => {
    assert.equal(markdownText('<script>&'), '&lt;script&gt;&amp;');
  });

  it('leaves letters, digits, spaces and non-Latin text alone', () => {
    assert.equal(markdownText('Ada 42 مرحبا 😀'), 'Ada 42 مرحبا 😀');
  });
});
