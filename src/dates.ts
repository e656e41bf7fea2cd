// The one way dates are shown (tree tooltips and the lead form): the user's VS Code
// display language, medium date and short time. No `vscode` here: the form uses it too.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string): Intl.DateTimeFormat {
  let format = formats.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    } catch {
      // A language tag Intl does not know: the runtime's default locale.
      format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    }
    formats.set(locale, format);
  }
  return format;
}

/** An ISO timestamp for reading; a text that is no date is shown as it is. */
export function formatDateTime(iso: string, locale: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatFor(locale).format(date);
}
