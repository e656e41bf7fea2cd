// The one way dates are shown (tree tooltips, the Leads view's note and the lead form): the
// user's VS Code display language, medium date and short time. No `vscode` here: the form uses it too.

type Style = Pick<Intl.DateTimeFormatOptions, 'dateStyle' | 'timeStyle'>;

const DATE_TIME: Style = { dateStyle: 'medium', timeStyle: 'short' };
const TIME: Style = { timeStyle: 'short' };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string, style: Style): Intl.DateTimeFormat {
  const key = `${style.dateStyle ?? '-'} ${style.timeStyle ?? '-'} ${locale}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, style);
    } catch {
      // A language tag Intl does not know: the runtime's default locale.
      format = new Intl.DateTimeFormat(undefined, style);
    }
    formats.set(key, format);
  }
  return format;
}

/** An ISO timestamp for reading; a text that is no date is shown as it is. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatFor(locale, DATE_TIME).format(date);
}

/** A moment for reading (when rows were loaded): the time alone when it is today. */
export function formatMoment(ms: number, locale: string, now = Date.now()): string {
  const date = new Date(ms);
  const today = date.toDateString() === new Date(now).toDateString();
  return formatFor(locale, today ? TIME : DATE_TIME).format(date);
}
