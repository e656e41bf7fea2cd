// The Leads filter as kept in workspace state (so it survives a reload), and as the
// view's description shows it. Read at activation: no zod or libphonenumber-js here.
import * as vscode from 'vscode';
import { STATUSES } from '../shared/contract';
import type { LeadFilters } from '../shared/schemas';
import { statusLabel } from '../ui/statusText';
import { readablePhone } from './phoneDisplay';

const STATE_KEY = 'topcalls.filters';

/**
 * The saved filter, as the view shows it until its first page is asked for; LeadFiltersSchema
 * checks it then (src/tree/savedFilter.ts). Here only what showing it takes: text values, and
 * a status the view can make a group of. Anything else is no filter.
 */
export function loadFilters(state: vscode.Memento): LeadFilters {
  const stored: unknown = state.get(STATE_KEY);
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) {
    return {};
  }
  const { status } = stored as { status?: unknown };
  const showable = Object.values(stored).every((value) => typeof value === 'string') && (status === undefined || (STATUSES as readonly unknown[]).includes(status));
  return showable ? { ...(stored as LeadFilters) } : {};
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
