import * as assert from 'node:assert/strict';
import { ApiError } from '../../src/api/errors';
import type { LeadFilters, LeadPage } from '../../src/shared/schemas';
import { checkingSavedFilter } from '../../src/tree/savedFilter';

const page: LeadPage = { items: [], has_more: false, next_cursor: null };

/** A view's filter and page loading, as LeadsView wires them, recording what would have been sent. */
function view(saved: LeadFilters) {
  let filters = saved;
  const sent: LeadFilters[] = [];
  let drops = 0;
  const load = checkingSavedFilter(
    saved,
    () => filters,
    async (asked) => {
      sent.push(asked);
      return page;
    },
    async () => {
      drops++;
      filters = {};
    },
  );
  return {
    load,
    sent,
    drops: () => drops,
    setFilters: (next: LeadFilters) => (filters = next),
  };
}

const cancelled = (error: unknown) => error instanceof ApiError && error.kind === 'cancelled';

describe('a saved filter is checked by LeadFiltersSchema before its first page', () => {
  it('sends a saved filter the schema accepts, as it is', async () => {
    const saved = { status: 'New', tag: 'vip', phone: '+14155552671' } as const;
    const v = view(saved);
    await Promise.all([v.load(saved, null), v.load(saved, 'next')]);
    assert.deepEqual(v.sent, [saved, saved]);
    assert.equal(v.drops(), 0);
  });

  const refused: [string, LeadFilters][] = [
    ['an unknown status', { status: 'Lost' } as unknown as LeadFilters],
    ['an empty tag', { tag: '' }],
    ['a phone no country dials', { phone: '+99912345678' }],
    ['a phone not in E.164', { phone: '0207 946 0958' }],
    ['a field the filter does not have', { colour: 'red' } as unknown as LeadFilters],
  ];
  for (const [what, saved] of refused) {
    it(`drops a saved filter with ${what}: its pages fail as cancelled, unsent, once for all the groups`, async () => {
      const v = view(saved);
      // Four groups ask for their first page at once.
      const pages = [0, 1, 2, 3].map(() => v.load(saved, null));
      for (const pending of pages) await assert.rejects(pending, cancelled);
      assert.deepEqual(v.sent, []);
      assert.equal(v.drops(), 1);
      // The view asks again, unfiltered: that goes out.
      await v.load({}, null);
      assert.deepEqual(v.sent, [{}]);
    });
  }

  it('leaves a filter the user set meanwhile alone', async () => {
    const saved = { tag: '' };
    const v = view(saved);
    const first = v.load(saved, null);
    v.setFilters({ tag: 'vip' });
    await assert.rejects(first, cancelled);
    await v.load({ tag: 'vip' }, null);
    assert.equal(v.drops(), 0);
    assert.deepEqual(v.sent, [{ tag: 'vip' }]);
  });
});
