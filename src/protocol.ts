// Every message between the lead form (webview) and the extension host. Both sides
// import these types; the host parses each incoming message with ToHostSchema, since
// anything a webview sends is untrusted.
import * as z from 'zod/mini';
import { LeadPatchSchema, LeadSchema } from './api/schemas';

/** The webview's UI strings, localized by the host (vscode.l10n) and sent with `init`. `{0}` marks an argument. */
export const STRING_KEYS = [
  'name',
  'phone',
  'email',
  'status',
  'notes',
  'notesAppend',
  'tags',
  'metadata',
  'id',
  'accountId',
  'created',
  'updated',
  'converted',
  'lists',
  'details',
  'statusNew',
  'statusContacted',
  'statusConverted',
  'statusUnsubscribed',
  'save',
  'revert',
  'saving',
  'saved',
  'unsaved',
  'retry',
  'setToken',
  'close',
  'keepTheirs',
  'overwrite',
  'theirs',
  'yours',
  'empty',
  'none',
  'country',
  'phoneHint',
  'phoneExtension',
  'phoneLetters',
  'phoneCharacters',
  'emailHint',
  'notesHint',
  'notesLocked',
  'appendHint',
  'appendLocked',
  'tagsHint',
  'tagInput',
  'removeTag',
  'duplicateTag',
  'metadataHint',
  'metadataInvalidJson',
  'metadataNotObject',
  'conflictBanner',
  'mergedBanner',
  'fieldsBanner',
  'authBanner',
  'goneBanner',
  'maybeAppended',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
export const StringsSchema = z.record(z.enum(STRING_KEYS), z.string());
export type Strings = z.infer<typeof StringsSchema>;

/** Why a save (or a refresh) failed, as the form shows it. */
export const FailureSchema = z.object({
  /** fields: the server rejected values (see fieldErrors); auth: token missing or rejected; gone: the lead was deleted. */
  kind: z.enum(['fields', 'auth', 'gone', 'error']),
  title: z.string(),
  detail: z.optional(z.string()),
  /** Messages per body field (`phone_number`, `tags[1]`, or '' for the body as a whole). */
  fieldErrors: z.record(z.string(), z.array(z.string())),
  /** The same request could succeed later: offer Retry. */
  retry: z.boolean(),
  /** A note was being appended and the failure does not say whether it was. */
  maybeAppended: z.boolean(),
});
export type Failure = z.infer<typeof FailureSchema>;

const ReadyMessage = z.strictObject({ type: z.literal('ready') });
const SaveMessage = z.strictObject({
  type: z.literal('save'),
  /** updated_at of the lead the form diffed against: a save against an older copy is not sent. */
  baseUpdatedAt: z.string(),
  patch: LeadPatchSchema,
});
const DirtyMessage = z.strictObject({ type: z.literal('dirty'), dirty: z.boolean() });
const ActionMessage = z.strictObject({ type: z.literal('action'), action: z.enum(['setToken', 'close']) });

export const ToHostSchema = z.discriminatedUnion('type', [ReadyMessage, SaveMessage, DirtyMessage, ActionMessage]);
export type ToHost = z.infer<typeof ToHostSchema>;
export type SaveRequest = z.infer<typeof SaveMessage>;

const SaveResultSchema = z.discriminatedUnion('outcome', [
  /** The server's copy after the write. */
  z.object({ outcome: z.literal('saved'), lead: LeadSchema }),
  /** Not sent: the lead changed since the form loaded it. The form rebases onto `lead` and shows what clashed. */
  z.object({ outcome: z.literal('conflict'), lead: LeadSchema }),
  z.object({ outcome: z.literal('failed'), failure: FailureSchema }),
]);
export type SaveResult = z.infer<typeof SaveResultSchema>;

export const ToWebviewSchema = z.discriminatedUnion('type', [
  /** The answer to every `ready`: the lead as the host knows it now. savePending: a save is running, or its answer follows. */
  z.object({ type: z.literal('init'), lead: LeadSchema, strings: StringsSchema, savePending: z.boolean() }),
  /** The lead changed elsewhere: the form merges it in. */
  z.object({ type: z.literal('lead'), lead: LeadSchema }),
  z.object({ type: z.literal('saveResult'), result: SaveResultSchema }),
  /** A failure outside a save (the lead was deleted, a refresh failed). */
  z.object({ type: z.literal('notice'), failure: FailureSchema }),
  /** The save keybinding ran in the host: save as if the user pressed Save. */
  z.object({ type: z.literal('requestSave') }),
]);
/** The host is trusted: the form takes these as typed, without parsing. */
export type ToWebview = z.infer<typeof ToWebviewSchema>;

/** The part of the webview's saved state (getState/setState) the host reads to restore a panel after a reload. */
export const PanelStateSchema = z.looseObject({ base: LeadSchema });
