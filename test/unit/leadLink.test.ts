// Links to a lead: written, and read back from what a URI handler is given.
import * as assert from 'node:assert/strict';
import { leadLinkText, readLeadLink } from '../../src/links/leadLink';

const ID = '3f1c6a7e-1b2c-4d5e-8f90-123456789abc';

describe('lead links', () => {
  it('writes the id link for the editor\'s own scheme, and reads it back', () => {
    const link = new URL(leadLinkText('vscode-insiders', ID));
    assert.equal(link.href, `vscode-insiders://topcalls.topcalls-leads/lead/${ID}`);
    assert.deepEqual(readLeadLink(link.pathname, ''), { kind: 'id', id: ID });
    assert.deepEqual(readLeadLink(`/lead/${ID.toUpperCase()}/`, ''), { kind: 'id', id: ID.toUpperCase() });
  });

  it('reads a phone link in E.164 or written with spaces, its + kept as the number\'s', () => {
    assert.deepEqual(readLeadLink('/lead', 'phone=+14155552671'), { kind: 'phone', phone: '+14155552671' });
    assert.deepEqual(readLeadLink('/lead/', 'x=1&phone=+44 20 7946 0958'), { kind: 'phone', phone: '+442079460958' });
  });

  it('refuses what is not a lead id, not a phone number, or not a lead link', () => {
    assert.deepEqual(readLeadLink('/lead/../../etc', ''), { kind: 'notLead' });
    assert.deepEqual(readLeadLink('/lead/42', ''), { kind: 'badId', id: '42' });
    assert.deepEqual(readLeadLink('/lead/<script>', ''), { kind: 'badId', id: '<script>' });
    assert.deepEqual(readLeadLink('/lead', 'phone=14155552671'), { kind: 'badPhone', phone: '14155552671', problem: 'invalid' });
    assert.deepEqual(readLeadLink('/lead', 'phone=+1 415 CALL NOW'), { kind: 'badPhone', phone: '+1 415 CALL NOW', problem: 'letters' });
    assert.deepEqual(readLeadLink('/lead', ''), { kind: 'notLead' });
    assert.deepEqual(readLeadLink('/leads', 'phone=+14155552671'), { kind: 'notLead' });
    assert.deepEqual(readLeadLink('/', ''), { kind: 'notLead' });
  });
});
