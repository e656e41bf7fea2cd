// The extension is installed in the editor under test, activates without throwing,
// and the environment the harness promises reaches the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'topcalls.topcalls-leads';

describe('smoke', () => {
  it(`has ${EXTENSION_ID} and activates it`, async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in this editor`);
    // activate() rejects if the extension's activate() throws.
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('runs with the harness environment', () => {
    assert.equal(process.env.TOPCALLS_TEST, '1');
  });
});
