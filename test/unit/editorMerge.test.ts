import * as assert from 'node:assert/strict';
import { merge3 } from '../../src/editor/merge';

type Doc = { a: string; b: string; c: string };
const FIELDS = ['a', 'b', 'c'] as const;
const same = (_field: keyof Doc, x: string, y: string): boolean => x === y;

describe('merge3', () => {
  const base: Doc = { a: '1', b: '1', c: '1' };

  it('takes theirs where only they changed, mine where only I did', () => {
    const result = merge3(base, { ...base, a: 'mine' }, { ...base, b: 'theirs' }, FIELDS, same);
    assert.deepEqual(result, { merged: { a: 'mine', b: 'theirs', c: '1' }, conflicts: [] });
  });

  it('is no conflict when both made the same change', () => {
    const result = merge3(base, { ...base, a: 'x' }, { ...base, a: 'x' }, FIELDS, same);
    assert.deepEqual(result, { merged: { ...base, a: 'x' }, conflicts: [] });
  });

  it('flags a field both changed differently, keeping mine in the merge', () => {
    const result = merge3(base, { ...base, a: 'mine', c: 'mine' }, { ...base, a: 'theirs', b: 'theirs' }, FIELDS, same);
    assert.deepEqual(result, { merged: { a: 'mine', b: 'theirs', c: 'mine' }, conflicts: ['a'] });
  });

  it('uses the given equality (e.g. two spellings of one phone number)', () => {
    const digits = (_f: keyof Doc, x: string, y: string): boolean => x.replace(/\D/g, '') === y.replace(/\D/g, '');
    const result = merge3(base, { ...base, a: '+1 415' }, { ...base, a: '+1415' }, FIELDS, digits);
    assert.deepEqual(result.conflicts, []);
  });

  it('leaves fields outside `fields` as mine', () => {
    const result = merge3(base, { ...base, c: 'mine' }, { ...base, c: 'theirs' }, ['a', 'b'] as const, same);
    assert.deepEqual(result, { merged: { ...base, c: 'mine' }, conflicts: [] });
  });
});
