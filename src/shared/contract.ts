// The contract's fixed values, free of zod: code that runs at activation (the tree,
// the stored filter) uses them without loading the schemas.
export const STATUSES = ['New', 'Contacted', 'Converted', 'Unsubscribed'] as const;

export const E164_PATTERN = /^\+[1-9]\d{8,14}$/;
