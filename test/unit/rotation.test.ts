import * as assert from 'node:assert/strict';
import { FAULTS, faultsFor } from '../reliability/faults';
import { daySeed, inRotation, rotationSeed, seedFromEnv, SEED_ENV } from '../reliability/rotation';

/** As many surfaces as test/integration/reliabilityFaults.test.ts has (it needs `vscode`, so only their number here). */
const SURFACES = 5;
const QUICK = faultsFor(false).map((spec) => FAULTS.indexOf(spec));

/** The cells a quick run with `seed` exercises, as "fault,surface". */
function cells(seed: number, surfaces = SURFACES): string[] {
  return QUICK.flatMap((fault) => [...Array(surfaces).keys()].filter((surface) => inRotation(seed, fault, surface, surfaces)).map((surface) => `${fault},${surface}`));
}

describe('the fault matrix rotation of npm test', () => {
  it('puts each fault on exactly one surface per run', () => {
    for (const seed of [0, 1, 4, 5, 20_422, 2 ** 31]) assert.equal(cells(seed).length, QUICK.length, `seed ${seed}`);
  });

  it('covers every cell of the quick matrix in any seven days in a row, with up to seven surfaces', () => {
    const start = daySeed(Date.parse('2026-01-01T00:00:00Z'));
    for (let surfaces = 1; surfaces <= 7; surfaces++) {
      for (let first = start; first < start + 365; first++) {
        const covered = new Set<string>();
        for (let day = first; day < first + 7; day++) for (const cell of cells(day, surfaces)) covered.add(cell);
        assert.equal(covered.size, QUICK.length * surfaces, `${surfaces} surfaces, the week from day ${first}`);
      }
    }
  });

  it('changes from one day to the next, and is the same all day', () => {
    const morning = Date.parse('2026-11-30T00:00:01Z');
    const evening = Date.parse('2026-11-30T23:59:59Z');
    assert.equal(daySeed(morning), daySeed(evening));
    assert.notDeepEqual(cells(daySeed(morning)), cells(daySeed(morning + 86_400_000)));
  });

  it('takes the seed from --seed, else the day; the extension host from the runner', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    assert.equal(rotationSeed(undefined, now), daySeed(now));
    assert.equal(rotationSeed('17', now), 17);
    assert.throws(() => rotationSeed('soon', now), /--seed takes a whole number/);
    assert.throws(() => rotationSeed('-1', now), /--seed takes a whole number/);
    assert.equal(seedFromEnv({ [SEED_ENV]: '17' }), 17);
    assert.throws(() => seedFromEnv({ [SEED_ENV]: '1.5' }), /must be a whole number/);
  });
});
