// Which leads a confirmation names: all of a few, the first few of many, and how many more.
// No `vscode` here: the sentences around them are in deleteLead.ts.
import type { Lead } from '../shared/schemas';

/** Leads named in a confirmation before "and N more". */
export const NAMED_IN_CONFIRMATION = 3;
/** A name longer than this is cut: a confirmation is read at a glance. */
const NAME_MAX = 60;

export function confirmationNames(leads: readonly Lead[], max = NAMED_IN_CONFIRMATION): { names: string[]; more: number } {
  // Exactly max + 1 leads: naming the last beats "and 1 more".
  const shown = leads.length === max + 1 ? leads : leads.slice(0, max);
  return { names: shown.map(leadName), more: leads.length - shown.length };
}

/** "Ada Lovelace (+14155550123)": the name alone can be empty or shared by two leads. */
export function leadName(lead: Lead): string {
  // By code points: never half of an emoji.
  const chars = [...lead.name.trim()];
  const cut = chars.length > NAME_MAX ? `${chars.slice(0, NAME_MAX - 1).join('')}…` : chars.join('');
  return cut ? `${cut} (${lead.phone_number})` : lead.phone_number;
}
