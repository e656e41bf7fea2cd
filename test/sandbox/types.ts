// The contract's shapes as TypeScript types, for the sandbox's own code. Types only: values are
// checked against docs/api/openapi.yaml (contract.ts), never against the client's schemas.

export type Status = 'New' | 'Contacted' | 'Converted' | 'Unsubscribed';

/** components.schemas.Lead */
export interface Lead {
  id: string;
  account_id: string;
  name: string;
  phone_number: string;
  status: Status;
  tags: string[];
  created_at: string;
  updated_at: string;
  email?: string | null;
  notes?: string | null;
  metadata?: Record<string, unknown>;
  converted_at?: string | null;
  list_ids?: string[];
}

/** components.schemas.LeadPatch, once the contract and the sandbox's rules accepted it. */
export interface LeadPatch {
  name?: string;
  phone_number?: string;
  email?: string | null;
  status?: Status;
  notes?: string | null;
  notes_append?: string;
  tags?: string[];
  metadata?: Record<string, unknown>;
}

/** components.schemas.LeadCreate */
export interface LeadCreate extends Omit<LeadPatch, 'name' | 'phone_number'> {
  name: string;
  phone_number: string;
  list_id: string;
}

/** GET /v1/leads query, once validated (limit defaulted by the contract). */
export interface LeadListQuery {
  phone?: string;
  list_id?: string;
  status?: Status;
  tag?: string;
  cursor?: string;
  limit: number;
}

/** POST /v1/leads/bulk body, once validated (mode and each name defaulted by the contract). */
export interface BulkImport {
  list_id: string;
  mode: 'merge' | 'skip';
  leads: Array<{
    phone_number: string;
    name: string;
    email?: string | null;
    status?: Status;
    notes?: string | null;
    tags?: string[];
    metadata?: Record<string, unknown>;
  }>;
}

/** POST /v1/leads/bulk-delete body, once validated. */
export type BulkDelete = { ids: string[] } | { filter: LeadFilters };

/** The filters GET /v1/leads and the bulk-delete filter share. */
export interface LeadFilters {
  phone?: string;
  list_id?: string;
  status?: Status;
  tag?: string;
}
