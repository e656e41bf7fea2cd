// The filter saved in workspace state is shown as soon as the view is, but sent only once
// LeadFiltersSchema has checked it: the first page loads the schemas anyway, and activation
// never does (test/unit/activation.test.ts). So the filter's rules live in the schema alone.
import { ApiError } from '../api/errors';
import type { LeadFilters } from '../shared/schemas';
import type { PageLoader } from './leadsModel';

/**
 * `load`, with `saved` checked by LeadFiltersSchema before the first page asked for while the
 * view's filter (`current`) is still it. A saved filter the schema refuses is dropped (`drop`),
 * and the pages asked for it fail as cancelled, unsent: the view asks again, unfiltered.
 */
export function checkingSavedFilter(saved: LeadFilters, current: () => LeadFilters, load: PageLoader, drop: () => Promise<void>): PageLoader {
  let verdict: Promise<boolean> | undefined;
  return async (filters, cursor) => {
    if (current() === saved) {
      verdict ??= import('../shared/schemas').then(({ LeadFiltersSchema }) => LeadFiltersSchema.safeParse(saved).success);
      if (!(await verdict)) {
        // Each page asked for it comes here: the first one drops it.
        if (current() === saved) await drop();
        throw new ApiError({ kind: 'cancelled', title: 'Cancelled' });
      }
    }
    return load(filters, cursor);
  };
}
