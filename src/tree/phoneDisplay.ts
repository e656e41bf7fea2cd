// The tree shows phone numbers formatted for reading. The formatter lives in the lazily
// loaded phone bundle (libphonenumber-js and its metadata), so the tree loads it with the
// first page of leads and shows E.164 until then.
type Formatter = (e164: string) => string;

let formatter: Formatter | undefined;
let loading: Promise<void> | undefined;

/** Resolves once rows can show formatted numbers; never rejects (rows then keep E.164). */
export function phoneFormatting(): Promise<void> {
  loading ??= import('../shared/phoneFormat').then(
    (module) => {
      formatter = module.formatPhoneForReading;
    },
    () => undefined,
  );
  return loading;
}

/** "+44 20 7946 0958" once the formatter is loaded, else the E.164 number as stored. */
export function readablePhone(e164: string): string {
  return formatter ? formatter(e164) : e164;
}
