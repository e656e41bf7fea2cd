// The Retry-After header (RFC 9110 §10.2.3) as a wait in milliseconds. Written out instead of
// Date.parse: that accepts almost anything ("1.5" is a date in 2001, asctime is read as local
// time), and a wrong parse turns into a retry that comes too early and is rejected again.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TIME = String.raw`(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})`;
const MONTH = `(?<month>${MONTHS.join('|')})`;
const HTTP_DATES = [
  // Sun, 06 Nov 1994 08:49:37 GMT (IMF-fixdate, the one to send)
  new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?<day>\d{2}) ${MONTH} (?<year>\d{4}) ${TIME} GMT$`),
  // Sunday, 06-Nov-94 08:49:37 GMT (obsolete RFC 850 form, still to be accepted)
  new RegExp(String.raw`^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, (?<day>\d{2})-${MONTH}-(?<yy>\d{2}) ${TIME} GMT$`),
  // Sun Nov  6 08:49:37 1994 (obsolete asctime form, still to be accepted; GMT though it does not say so)
  new RegExp(String.raw`^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} (?<day>[ \d]\d) ${TIME} (?<year>\d{4})$`),
];
/**
 * delta-seconds is whole seconds in the RFC; servers that send "1.5" mean a second and a
 * half, and waiting less than they asked only earns another 429.
 */
const SECONDS = /^\d+(?:\.\d+)?$/;

/** How long Retry-After asks to wait, from `now`; undefined when absent or not understood. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (SECONDS.test(value)) return Math.ceil(Number(value) * 1000);
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** An HTTP-date in any of its three forms, as epoch milliseconds. */
function parseHttpDate(value: string, now = Date.now()): number | undefined {
  const g = HTTP_DATES.map((form) => form.exec(value)?.groups).find((groups) => groups !== undefined);
  if (!g) return undefined;
  const [day, hours, minutes, seconds] = [g.day, g.h, g.m, g.s].map(Number) as [number, number, number, number];
  const year = g.year !== undefined ? Number(g.year) : fullYear(Number(g.yy), now);
  const ms = Date.UTC(year, MONTHS.indexOf(g.month ?? ''), day, hours, minutes, seconds);
  // Reject what Date.UTC would roll over (31 Feb, 25:00:00) instead of guessing.
  const check = new Date(ms);
  const exact = check.getUTCDate() === day && check.getUTCHours() === hours && check.getUTCMinutes() === minutes && check.getUTCSeconds() === seconds;
  return exact ? ms : undefined;
}

/** RFC 9110: a two-digit year more than 50 years ahead is the latest past year with those digits. */
function fullYear(twoDigits: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  const year = current - (current % 100) + twoDigits;
  return year > current + 50 ? year - 100 : year;
}
