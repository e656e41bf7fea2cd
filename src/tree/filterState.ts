// The Leads filter as kept in workspace state (so it survives a reload), and as the
// view's description shows it. Read at activation: no zod or libphonenumber-js here.
import * as vscode from 'vscode';
import { E164_PATTERN, STATUSES } from '../shared/contract';
import type { LeadFilters } from '../shared/schemas';
import { statusLabel } from '../ui/statusText';
import { readablePhone } from './phoneDisplay';

const STATE_KEY = 'topcalls.filters';

/**
 * LeadFiltersSchema's rules for a stored filter, short of the phone's dialability: only
 * setFilters writes the state, and what it takes is parsed or picked, so already dialable.
 */
const STORED_FIELDS: Record<keyof LeadFilters, (value: unknown) => boolean> = {
  status: (value) => (STATUSES as readonly unknown[]).includes(value),
  tag: (value) => typeof value === 'string' && value.length > 0,
  list_id: (value) => typeof value === 'string' && value.length > 0,
  phone: (value) => typeof value === 'string' && E164_PATTERN.test(value),
};

/** The saved filter, or none when what is stored is not a filter. */
export function loadFilters(state: vscode.Memento): LeadFilters {
  const stored: unknown = state.get(STATE_KEY);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return {};
  }
  const valid = Object.entries(stored).every(
    ([key, value]) => Object.hasOwn(STORED_FIELDS, key) && (value === undefined || STORED_FIELDS[key as keyof LeadFilters](value)),
  );
  return valid ? { ...(stored as LeadFilters) } : {};
}

export async function saveFilters(state: vscode.Memento, filters: LeadFilters): Promise<void> {
  await state.update(STATE_KEY, isEmpty(filters) ? undefined : filters);
}

export function isEmpty(filters: LeadFilters): boolean {
  return Object.values(filters).every((value) => value === undefined);
}

/** "status: New · tag: vip", for the view's description. */
export function describeFilters(filters: LeadFilters): string {
  const parts: string[] = [];
  if (filters.status) parts.push(vscode.l10n.t('status: {0}', statusLabel(filters.status)));
  if (filters.tag) parts.push(vscode.l10n.t('tag: {0}', filters.tag));
  if (filters.list_id) parts.push(vscode.l10n.t('list: {0}', filters.list_id));
  if (filters.phone) parts.push(vscode.l10n.t('phone: {0}', readablePhone(filters.phone)));
  return parts.join(' · ');
}
