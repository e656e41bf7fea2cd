// Every message between the lead form (a webview on a lead document) and the extension
// host. Both sides import these types; the host parses each incoming message with
// ToHostSchema, since anything a webview sends is untrusted.
import * as z from 'zod/mini';
import { MetadataSchema, StatusSchema } from './schemas';

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
  'openAsJson',
  'unsaved',
  'setToken',
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
  'knownSpelling',
  'metadataHint',
  'metadataInvalidJson',
  'metadataNotObject',
  'metadataPending',
  'invalidDocument',
  'wrongKind',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
export const StringsSchema = z.record(z.enum(STRING_KEYS), z.string());
export type Strings = z.infer<typeof StringsSchema>;

/**
 * One field's new value, as the form writes it into the document's JSON. Each carries the
 * form's own sequence number: the document's next state says which edits it includes, so
 * the form does not take back what the user typed since.
 */
const seq = z.number().check(z.int(), z.nonnegative());
const edit = <F extends string, T extends z.ZodMiniType>(field: F, value: T) =>
  z.strictObject({ type: z.literal('edit'), seq, field: z.literal(field), value });
const EditMessage = z.discriminatedUnion('field', [
  edit('name', z.string()),
  edit('phone_number', z.string()),
  edit('email', z.nullable(z.string())),
  edit('status', StatusSchema),
  edit('tags', z.array(z.string())),
  edit('notes', z.nullable(z.string())),
  edit('metadata', MetadataSchema),
  /** A note to append on save; '' takes the key out of the document. */
  edit('notes_append', z.string()),
]);
export type EditRequest = z.infer<typeof EditMessage>;
export type EditField = EditRequest['field'];

const ReadyMessage = z.strictObject({ type: z.literal('ready') });
/** save: VS Code's save of the document; openAsJson: the same document in the text editor, beside; setToken: sign in. */
const ActionMessage = z.strictObject({ type: z.literal('action'), action: z.enum(['save', 'openAsJson', 'setToken']) });

export const ToHostSchema = z.discriminatedUnion('type', [ReadyMessage, ActionMessage, EditMessage]);
export type ToHost = z.infer<typeof ToHostSchema>;

/** The document's text as the form shows it: its values as written (unchecked), or why it is not a lead. */
export const DocumentStateSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The writable fields as written in the JSON; the form checks them itself. */
    values: z.record(z.string(), z.unknown()),
    /** `notes_append`, when the document has one. */
    append: z.optional(z.unknown()),
    /** `_readonly`: what TopCalls sets, shown under Details. */
    readonly: z.optional(z.unknown()),
  }),
  /** Not JSON, or not a lead: the form says why and does not edit until it is one again. */
  z.object({ ok: z.literal(false), problem: z.string() }),
]);
export type DocumentState = z.infer<typeof DocumentStateSchema>;

/** A banner over the form: a failed save, or the token gone. */
export const NoticeSchema = z.object({
  message: z.string(),
  /** Messages per field (`phone_number`, `tags[1]`) from the API or from the text check. */
  fieldErrors: z.record(z.string(), z.array(z.string())),
  /** Offer Set API Token. */
  signIn: z.boolean(),
});
export type Notice = z.infer<typeof NoticeSchema>;

export const ToWebviewSchema = z.discriminatedUnion('type', [
  /** The answer to every `ready`. */
  /** `knownTags`: the tags of the leads the host knows, one spelling each: a tag typed in another case takes that spelling. */
  z.object({ type: z.literal('init'), strings: StringsSchema, knownTags: z.array(z.string()) }),
  /**
   * The document now, after every change to it. `applied`: the form's last edit it includes.
   * `saved`: the values as on TopCalls (the store's copy), what changed fields are marked against.
   */
  z.object({
    type: z.literal('document'),
    state: DocumentStateSchema,
    applied: seq,
    saved: z.optional(z.record(z.string(), z.unknown())),
    dirty: z.boolean(),
  }),
  /** A save failed (shown until the next save succeeds), or the token was removed; undefined clears it. */
  z.object({ type: z.literal('notice'), notice: z.optional(NoticeSchema) }),
]);
/** The host is trusted: the form takes these as typed, without parsing. */
export type ToWebview = z.infer<typeof ToWebviewSchema>;
