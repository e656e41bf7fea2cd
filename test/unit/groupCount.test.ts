import * as assert from 'node:assert/strict';
import { groupDescription } from '../../src/tree/groupCount';

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `id-${i}`);

describe('group labels', () => {
  it('say nothing about a group whose first page has not arrived', () => {
    assert.equal(groupDescription({ loaded: false, hasMore: true, ids: [] }), undefined);
  });

  it('show a loaded count as a lower bound while the server has more', () => {
    assert.equal(groupDescription({ loaded: true, hasMore: true, ids: ids(50) }), '50+');
  });

  it('show the exact count once every page is loaded, zero included', () => {
    assert.equal(groupDescription({ loaded: true, hasMore: false, ids: ids(50) }), '50');
    assert.equal(groupDescription({ loaded: true, hasMore: false, ids: [] }), '0');
  });
});
