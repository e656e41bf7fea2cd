// A lead request as a `curl` command for a POSIX shell: what the user can run, read or paste
// into a bug report. The token is never in it: the command reads it from an environment
// variable. Free of `vscode`.
import type { LeadPatch } from '../shared/schemas';

export const TOKEN_VARIABLE = 'TOPCALLS_API_TOKEN';

export type LeadRequest = { method: 'GET' } | { method: 'PATCH'; body: LeadPatch };

/** One shell word holding `text` exactly: single quotes, each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export function curlCommand(baseUrl: string, id: string, request: LeadRequest): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/leads/${encodeURIComponent(id)}`;
  const lines = [
    `curl -sS${request.method === 'GET' ? '' : ` -X ${request.method}`} ${shellQuote(url)}`,
    `-H ${shellQuote('Accept: application/json')}`,
    // Double quotes: the shell puts the variable's value in; nothing else is inside them.
    `-H "Authorization: Bearer $${TOKEN_VARIABLE}"`,
  ];
  if (request.method === 'PATCH') {
    lines.push(`-H ${shellQuote('Content-Type: application/json')}`, `--data-raw ${shellQuote(JSON.stringify(request.body))}`);
  }
  return lines.join(' \\\n  ');
}
