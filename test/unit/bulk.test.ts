import * as assert from 'node:assert/strict';
import { runBulk } from '../../src/quickEdits/bulk';
import { nonZeroCounts } from '../../src/quickEdits/summaryCounts';
import { addTags, countHaving, distinctTags, existingSpelling, removeTags, tagsPatch } from '../../src/shared/tags';

const tick = (ms = 1) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runBulk', () => {
  it('never has more tasks in flight than the bound, and runs every item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const items = Array.from({ length: 50 }, (_, i) => i);
    const outcome = await runBulk(
      items,
      async (i) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await tick(i % 3);
        seen.push(i);
        inFlight--;
        return i * 2;
      },
      { concurrency: 4 },
    );
    assert.equal(peak, 4);
    assert.deepEqual([...seen].sort((a, b) => a - b), items);
    assert.equal(outcome.done.length, 50);
    assert.equal(outcome.cancelled, false);
  });

  it('collects failures without stopping the others', async () => {
    const outcome = await runBulk([1, 2, 3, 4], async (i) => {
      if (i % 2 === 0) throw new Error(`bad ${i}`);
      return i;
    }, { concurrency: 2 });
    assert.deepEqual(outcome.done.map((d) => d.item).sort(), [1, 3]);
    assert.deepEqual(outcome.failed.map((f) => String(f.error)).sort(), ['Error: bad 2', 'Error: bad 4']);
  });

  it('on cancel, starts nothing new, lets started tasks finish, and lists what was not sent', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const outcome = await runBulk(
      Array.from({ length: 20 }, (_, i) => i),
      async (i) => {
        started.push(i);
        if (started.length === 6) controller.abort();
        await tick(5);
        return i;
      },
      { concurrency: 3, signal: controller.signal },
    );
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.done.length, started.length, 'every started task finished');
    assert.equal(outcome.done.length + outcome.notSent.length, 20);
    assert.ok(outcome.notSent.length >= 12);
    assert.deepEqual(outcome.notSent, Array.from({ length: 20 - started.length }, (_, i) => started.length + i));
  });

  it('reports progress after each task', async () => {
    const reports: string[] = [];
    await runBulk([1, 2, 3], async (i) => i, { concurrency: 2, onSettled: (n, total) => reports.push(`${n}/${total}`) });
    assert.deepEqual(reports, ['1/3', '2/3', '3/3']);
  });
});

describe('tag edits', () => {
  it('adds without repeats, keeping order', () => {
    assert.deepEqual(addTags(['a', 'b'], ['b', 'c', 'c']), ['a', 'b', 'c']);
  });
  it('removes', () => {
    assert.deepEqual(removeTags(['a', 'b', 'c'], ['b', 'x']), ['a', 'c']);
  });
  it('takes tags that differ only in case as one: keeps the spelling the lead has, adds no second one', () => {
    assert.deepEqual(addTags(['vip', 'b'], ['VIP', 'Vip', 'c', 'C']), ['vip', 'b', 'c']);
    assert.equal(tagsPatch(['vip'], addTags(['vip'], ['VIP'])), undefined);
    assert.deepEqual(removeTags(['VIP', 'b'], ['vip']), ['b']);
  });
  it('offers the spelling already known for a tag typed in another case', () => {
    const known = distinctTags([['vip', 'hot'], ['VIP', 'Cold'], ['cold']]);
    assert.deepEqual(known, ['Cold', 'hot', 'vip']);
    assert.equal(existingSpelling(known, 'VIP'), 'vip');
    assert.equal(existingSpelling(known, 'COLD'), 'Cold');
    assert.equal(existingSpelling(known, 'warm'), undefined);
    assert.equal(countHaving([['vip'], ['VIP', 'x'], ['x']], 'Vip'), 2);
  });
  it('sends nothing when the list stays the same', () => {
    assert.equal(tagsPatch(['a'], ['a']), undefined);
    assert.deepEqual(tagsPatch(['a'], ['a', 'b']), { tags: ['a', 'b'] });
    assert.deepEqual(tagsPatch(['a', 'b'], ['b', 'a']), { tags: ['b', 'a'] });
  });
});

describe('bulk edit summary', () => {
  const word = (kind: string, count: number) => `${count} ${kind}`;
  it('says only the counts above zero, in reading order', () => {
    assert.deepEqual(nonZeroCounts({ updated: 3, unchanged: 0, failed: 1, notSent: 0 }, word), ['3 updated', '1 failed']);
    assert.deepEqual(nonZeroCounts({ updated: 0, unchanged: 2, failed: 0, notSent: 5 }, word), ['2 unchanged', '5 notSent']);
    assert.deepEqual(nonZeroCounts({ updated: 0, unchanged: 0, failed: 0, notSent: 0 }, word), []);
  });
});
