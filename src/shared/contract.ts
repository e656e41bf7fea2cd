// The contract's fixed values, free of zod: code that runs at activation (the tree,
// the stored filter) uses them without loading the schemas.
export const STATUSES = ['New', 'Contacted', 'Converted', 'Unsubscribed'] as const;

export const E164_PATTERN = /^\+[1-9]\d{8,14}$/;

/** POST /v1/leads/bulk: what it does with a lead whose phone number is already on the account. */
export const IMPORT_MODES = ['merge', 'skip'] as const;

/** The most leads POST /v1/leads/bulk takes in one request (one transaction). */
export const BULK_IMPORT_MAX_LEADS = 2000;
