import * as assert from 'node:assert/strict';
import type { SuiteResult } from '../harness/results';
import { MIN_TESTS, heldToRules, suiteEnv } from '../harness/suiteRules';

const result = (suite: string, passed: number, more: Partial<SuiteResult> = {}): SuiteResult => ({
  suite,
  passed,
  failed: 0,
  pending: 0,
  durationMs: 1,
  ok: true,
  ...more,
});
const minimum = (suite: string): number => MIN_TESTS.find((row) => row.suite.test(suite))?.min ?? NaN;

describe('what npm test holds every suite to', () => {
  it('passes a suite that ran at least its minimum, nothing skipped', () => {
    for (const suite of ['unit (mocha)', 'integration (VS Code 1.100.3)', 'integration (VS Code 1.139.1)', 'e2e (VS Code 1.139.1)', 'e2e (VS Code 1.100.3)']) {
      const held = heldToRules(result(suite, minimum(suite)));
      assert.equal(held.ok, true, `${suite}: ${held.error}`);
    }
  });

  it('fails a suite that ran fewer tests than its minimum, saying so', () => {
    const held = heldToRules(result('integration (VS Code 1.100.3)', 3));
    assert.equal(held.ok, false);
    assert.match(held.error ?? '', /ran 3 tests, under the suite's minimum of \d+/);
  });

  it('fails a suite with a skipped test', () => {
    const held = heldToRules(result('unit (mocha)', 500, { pending: 1 }));
    assert.equal(held.ok, false);
    assert.match(held.error ?? '', /1 skipped \(pending\) test/);
  });

  it('fails a suite that states no minimum', () => {
    assert.match(heldToRules(result('soak (VS Code 1.100.3)', 500)).error ?? '', /no minimum test count/);
  });

  it('keeps the reason of a suite that failed already', () => {
    const failed = result('unit (mocha)', 0, { ok: false, error: 'no mocha summary (exit 1)' });
    assert.deepEqual(heldToRules(failed), failed);
  });

  it('gives the runners no TOPCALLS_ variable that could narrow a suite, and names the ones it left out', () => {
    const { env, dropped } = suiteEnv({
      PATH: '/usr/bin',
      TOPCALLS_TEST_GREP: 'tree',
      TOPCALLS_RELIABILITY_MESSAGE_RUNS: '3',
      TOPCALLS_RELIABILITY_SEED: '4',
      TOPCALLS_SOMETHING_NEW: '1',
      TOPCALLS_VERBOSE: '1',
      TOPCALLS_SUITE_TIMEOUT: '900000',
    });
    assert.deepEqual(env, { PATH: '/usr/bin', TOPCALLS_VERBOSE: '1', TOPCALLS_SUITE_TIMEOUT: '900000' });
    assert.deepEqual(dropped, ['TOPCALLS_RELIABILITY_MESSAGE_RUNS', 'TOPCALLS_RELIABILITY_SEED', 'TOPCALLS_SOMETHING_NEW', 'TOPCALLS_TEST_GREP']);
  });
});
