// Links to a lead: `<scheme>://topcalls.topcalls-leads/lead/<id>` and
// `…/lead?phone=+14155552671`, written and read. Free of `vscode`; loaded with the first link
// (libphonenumber-js reads the phone).
import { readPhone, type PhoneProblem } from '../shared/phone';

/** The extension's id: VS Code passes links with this authority to its URI handler. */
export const LINK_AUTHORITY = 'topcalls.topcalls-leads';
/** The contract's lead ids are UUIDs (`format: uuid`). */
const LEAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type LeadLink =
  | { kind: 'id'; id: string }
  | { kind: 'phone'; phone: string }
  | { kind: 'notLead' }
  | { kind: 'badId'; id: string }
  | { kind: 'badPhone'; phone: string; problem: PhoneProblem };

export function leadLinkText(uriScheme: string, id: string): string {
  return `${uriScheme}://${LINK_AUTHORITY}/lead/${encodeURIComponent(id)}`;
}

/** `path` and `query` as a URI holds them (percent-decoded). A `+` is the number's own, never a space. */
export function readLeadLink(path: string, query: string): LeadLink {
  const byId = /^\/lead\/([^/]+)\/?$/.exec(path);
  if (byId) {
    const id = byId[1] as string;
    return LEAD_ID.test(id) ? { kind: 'id', id } : { kind: 'badId', id };
  }
  if (!/^\/lead\/?$/.test(path)) return { kind: 'notLead' };
  const phone = query
    .split('&')
    .find((part) => part.startsWith('phone='))
    ?.slice('phone='.length);
  if (phone === undefined) return { kind: 'notLead' };
  const reading = readPhone(phone);
  return reading.ok ? { kind: 'phone', phone: reading.e164 } : { kind: 'badPhone', phone, problem: reading.problem };
}
