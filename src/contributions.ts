// The ids the manifest (package.json) and the code share: commands, context keys for `when`
// clauses, the view and the custom editor. test/unit/manifest.test.ts checks them against it.

export const Command = {
  setToken: 'topcalls.setToken',
  signOut: 'topcalls.signOut',
  showLog: 'topcalls.showLog',
  statusMenu: 'topcalls.statusMenu',
  refresh: 'topcalls.refresh',
  filter: 'topcalls.filter',
  /** "Filter Leads…" again, shown instead of it while a filter is on: its filled icon says so. */
  filterOn: 'topcalls.filterOn',
  clearFilter: 'topcalls.clearFilter',
  goToPhone: 'topcalls.goToPhone',
  openLead: 'topcalls.openLead',
  openLeadAsJson: 'topcalls.openLeadAsJson',
  refreshLead: 'topcalls.refreshLead',
  copyPhone: 'topcalls.copyPhone',
  copyEmail: 'topcalls.copyEmail',
  copyId: 'topcalls.copyId',
  copyLink: 'topcalls.copyLink',
  copyAsCurl: 'topcalls.copyAsCurl',
  loadMore: 'topcalls.loadMore',
  retryGroup: 'topcalls.retryGroup',
  setStatus: 'topcalls.setStatus',
  addTags: 'topcalls.addTags',
  removeTags: 'topcalls.removeTags',
  appendNote: 'topcalls.appendNote',
  retryFailedEdits: 'topcalls.retryFailedEdits',
  cancelEdits: 'topcalls.cancelEdits',
  newLead: 'topcalls.newLead',
  deleteLead: 'topcalls.deleteLead',
  removeFromList: 'topcalls.removeFromList',
  exportLeads: 'topcalls.exportLeads',
  importCsv: 'topcalls.importCsv',
} as const;

export const ContextKey = {
  signedIn: 'topcalls.signedIn',
  /** Which error welcome the Leads view shows, if any. */
  leadsError: 'topcalls.leadsError',
  filtered: 'topcalls.filtered',
  hasFailedEdits: 'topcalls.hasFailedEdits',
  bulkEditRunning: 'topcalls.bulkEditRunning',
} as const;

export const LEADS_VIEW_ID = 'topcalls.leads';
export const LEAD_FORM_VIEW_TYPE = 'topcalls.leadForm';
