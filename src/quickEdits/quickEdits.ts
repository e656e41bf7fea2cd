// Quick edits from the palette and the tree: Set Status, Add Tags, Remove Tags and
// Append Note, on one lead or on every selected lead.
import * as vscode from 'vscode';
import type { TopCallsClient } from '../api/client';
import { ApiError } from '../api/errors';
import { STATUSES, StatusSchema, type Lead, type Status } from '../shared/schemas';
import type { Log } from '../log';
import type { LeadStore } from '../store/leadStore';
import { statusIcon, statusLabel } from '../ui/statusText';
import type { LeadsView } from '../tree/leadsView';
import { reportBulkProgress } from '../ui/bulkProgress';
import { describeError, errorActions, notifyWithActions, showError, type ErrorAction } from '../ui/errorMessages';
import { notifyError, notifyInfo, notifyWarning } from '../ui/notify';
import { pickLead } from '../ui/pickLead';
import { runEdits, type QuickEdit } from './leadEdit';
import { editWords, type EditWords } from './editWords';
import { countHaving, distinctTags, existingSpelling } from '../shared/tags';
import { nonZeroCounts, type SummaryCounts } from './summaryCounts';
import { ContextKey } from '../contributions';


interface Edit {
  /** What the edit is called in progress and summaries. */
  words: EditWords;
  change: QuickEdit;
}

/** What one run left to retry: its own, whatever other runs did since. Retried once. */
interface FailedRun {
  edit: Edit;
  leads: Lead[];
  retried: boolean;
}

export interface EditSummary {
  updated: Lead[];
  unchanged: Lead[];
  failed: { lead: Lead; error: unknown }[];
  notSent: Lead[];
  /** Failed in a way that may have been applied; never retried because the edit appends. */
  uncertain: Lead[];
}

export class QuickEdits {
  /** What the newest finished run left to retry (Retry Failed Edits from the palette); each notification keeps its own run. */
  private latest: FailedRun | undefined;
  /** Runs in progress, oldest first. */
  private readonly running: AbortController[] = [];

  constructor(
    private readonly client: TopCallsClient,
    private readonly store: LeadStore,
    private readonly view: LeadsView,
    private readonly log: Log,
  ) {}

  /** Stops the newest running edit (each run's notification cancels its own): what is not sent yet is not sent. */
  cancel(): void {
    this.running.at(-1)?.abort();
  }

  private async targets(arg: unknown, selected: unknown, title: string): Promise<Lead[]> {
    const leads = this.view.leadsFromArgs(arg, selected);
    if (leads.length > 0) {
      return leads;
    }
    const picked = await pickLead(this.store.all(), this.client, title);
    return picked ? [picked] : [];
  }

  async setStatus(arg?: unknown, selected?: unknown, value?: unknown): Promise<EditSummary | undefined> {
    const leads = await this.targets(arg, selected, vscode.l10n.t('Set Status'));
    if (leads.length === 0) return undefined;
    let status: Status | undefined;
    if (value !== undefined) {
      status = parseOrReport(StatusSchema, value);
    } else {
      const current = new Set(leads.map((lead) => lead.status));
      const picked = await vscode.window.showQuickPick(
        STATUSES.map((s) => ({
          label: statusLabel(s),
          description: current.size === 1 && current.has(s) ? vscode.l10n.t('current') : undefined,
          iconPath: statusIcon(s),
          status: s,
        })),
        { title: titleFor(vscode.l10n.t('Set Status'), leads) },
      );
      status = picked?.status;
    }
    if (!status) return undefined;
    return this.apply(leads, { kind: 'status', status });
  }

  async editTags(mode: 'add' | 'remove', arg?: unknown, selected?: unknown, value?: unknown): Promise<EditSummary | undefined> {
    const title = mode === 'add' ? vscode.l10n.t('Add Tags') : vscode.l10n.t('Remove Tags');
    const leads = await this.targets(arg, selected, title);
    if (leads.length === 0) return undefined;
    const tags = value !== undefined ? parseTagList(value) : await this.pickTags(mode, leads, title);
    if (!tags || tags.length === 0) return undefined;
    return this.apply(leads, { kind: mode === 'add' ? 'addTags' : 'removeTags', tags });
  }

  async appendNote(arg?: unknown, selected?: unknown, value?: unknown): Promise<EditSummary | undefined> {
    const leads = await this.targets(arg, selected, vscode.l10n.t('Append Note'));
    if (leads.length === 0) return undefined;
    const text =
      typeof value === 'string'
        ? value
        : await vscode.window.showInputBox({
            title: titleFor(vscode.l10n.t('Append Note'), leads),
            prompt: vscode.l10n.t("Added to the end of the lead's notes."),
            validateInput: (typed) => (typed.trim() ? undefined : vscode.l10n.t('The note cannot be empty')),
          });
    if (!text?.trim()) return undefined;
    return this.apply(leads, { kind: 'note', text });
  }

  /** Retries what `run` left (its notification's button), or what the newest finished run left (the command). */
  async retryFailed(run: FailedRun | undefined = this.latest): Promise<EditSummary | undefined> {
    if (!run || run.retried) {
      void notifyInfo(vscode.l10n.t('There are no failed edits to retry.'));
      return undefined;
    }
    run.retried = true;
    if (this.latest === run) this.setLatest(undefined);
    return this.apply(run.leads.map((lead) => this.store.get(lead.id) ?? lead), run.edit.change);
  }

  private async pickTags(mode: 'add' | 'remove', leads: Lead[], title: string): Promise<string[] | undefined> {
    const tagLists = leads.map((lead) => lead.tags);
    const known = distinctTags(mode === 'add' ? [...this.store.all(), ...leads].map((lead) => lead.tags) : tagLists);
    const pick = vscode.window.createQuickPick();
    pick.title = titleFor(title, leads);
    pick.canSelectMany = true;
    pick.placeholder = mode === 'add' ? vscode.l10n.t('Pick tags, or type new ones separated by commas') : vscode.l10n.t('Pick the tags to remove');
    // Which tags the leads have already: an added tag they have changes nothing.
    const base = known.map((label) => ({ label, description: holders(countHaving(tagLists, label), leads.length) }));
    pick.items = base;
    if (mode === 'add') {
      pick.onDidChangeValue((typed) => {
        const words = parseTagList(typed);
        // A typed tag known in another spelling (VIP for vip) is offered as known: one tag, one spelling.
        const spelled = [...new Set(words.map((tag) => existingSpelling(known, tag) ?? tag))];
        const fresh = spelled.filter((tag) => !known.includes(tag));
        const respelled = spelled.filter((tag) => known.includes(tag) && !words.includes(tag));
        const selected = pick.selectedItems;
        pick.items = [
          ...respelled.map((label) => ({ label, detail: vscode.l10n.t('existing tag'), alwaysShow: true })),
          ...fresh.map((label) => ({ label, description: vscode.l10n.t('new tag'), alwaysShow: true })),
          ...base.filter((item) => !respelled.includes(item.label)),
        ];
        const wanted = new Set([...spelled, ...selected.map((s) => s.label).filter((label) => known.includes(label))]);
        pick.selectedItems = pick.items.filter((item) => wanted.has(item.label));
      });
    }
    const result = await new Promise<string[] | undefined>((resolve) => {
      pick.onDidAccept(() => {
        resolve([...new Set([...pick.selectedItems.map((item) => item.label)])]);
        pick.hide();
      });
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    return result;
  }

  /** Sends the edit to each lead (a bounded number at once), each answer going to the store, and reports. */
  private async apply(leads: Lead[], change: QuickEdit): Promise<EditSummary> {
    const edit: Edit = { words: editWords(change), change };
    const { running } = edit.words;
    const summary: EditSummary = { updated: [], unchanged: [], failed: [], notSent: [], uncertain: [] };
    const bulk = leads.length > 1;
    const controller = new AbortController();
    const outcome = await vscode.window.withProgress(
      {
        location: bulk ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
        // A bulk edit's text is all in its message: a title would be joined to it with a colon.
        title: bulk ? undefined : vscode.l10n.t('{0} ({1})…', running, leads[0]?.name ?? ''),
        cancellable: bulk,
      },
      async (progress, token) => {
        this.running.push(controller);
        this.updateRunningContext();
        token.onCancellationRequested(() => controller.abort());
        if (bulk) progress.report({ message: `${running}…` });
        reportBulkProgress({ title: running, settled: 0, total: leads.length });
        try {
          return await runEdits({ client: this.client, store: this.store }, leads, edit.change, {
            cancel: controller.signal,
            onSettled: (settled, total) => {
              progress.report({ increment: 100 / total, message: progressText(running, settled, total) });
              reportBulkProgress({ title: running, settled, total });
            },
          });
        } finally {
          this.running.splice(this.running.indexOf(controller), 1);
          if (this.running.length === 0) reportBulkProgress(undefined);
          this.updateRunningContext();
        }
      },
    );
    for (const { result } of outcome.done) {
      (result.changed ? summary.updated : summary.unchanged).push(result.lead);
    }
    for (const { item: lead, error } of outcome.failed) {
      if (edit.change.kind === 'note' && error instanceof ApiError && error.mayHaveApplied) {
        summary.uncertain.push(lead);
      }
      summary.failed.push({ lead, error });
      this.log.error(`${edit.words.asked}: ${lead.name} (${lead.phone_number}) failed: ${describeError(error)}`);
    }
    summary.notSent = outcome.notSent;
    const retryable = [...summary.failed.map((f) => f.lead).filter((lead) => !summary.uncertain.includes(lead)), ...summary.notSent];
    const run = retryable.length > 0 ? { edit, leads: retryable, retried: false } : undefined;
    this.setLatest(run);
    this.report(edit, summary, leads.length, run);
    return summary;
  }

  private updateRunningContext(): void {
    void vscode.commands.executeCommand('setContext', ContextKey.bulkEditRunning, this.running.length > 0);
  }

  private setLatest(run: FailedRun | undefined): void {
    this.latest = run;
    void vscode.commands.executeCommand('setContext', ContextKey.hasFailedEdits, run !== undefined);
  }

  /** One message per run: the status bar for one lead done, a notification for a bulk run or a failure. */
  private report(edit: Edit, summary: EditSummary, total: number, run: FailedRun | undefined): void {
    const { updated, failed, notSent, uncertain, unchanged } = summary;
    const { words } = edit;
    const counts = nonZeroCounts(
      { updated: updated.length, unchanged: unchanged.length, failed: failed.length, notSent: notSent.length },
      countWord,
    );
    if (failed.length === 0 && notSent.length === 0) {
      const name = updated[0]?.name ?? unchanged[0]?.name ?? '';
      if (total === 1) {
        const text = updated.length === 0 ? vscode.l10n.t('Nothing to change: {0} is already up to date.', name) : `${words.doneOne(name)}.`;
        vscode.window.setStatusBarMessage(`$(check) ${text}`, 5000);
        return;
      }
      void notifyInfo(
        updated.length === 0
          ? vscode.l10n.t('Nothing to change: the {0} leads are already up to date.', total)
          : unchanged.length === 0
            ? `${words.doneMany(total)}.`
            : vscode.l10n.t('{0}: {1}.', words.doneMany(updated.length), counts.slice(1).join(', ')),
      );
      return;
    }
    if (total === 1 && failed[0]) {
      const { lead, error } = failed[0];
      const extra = uncertain.length > 0 ? ` ${vscode.l10n.t('The note may have been added anyway: check the lead before trying again.')}` : '';
      // No Retry for a note that may have been added: `run` leaves it out.
      showError(error, {
        message: `${vscode.l10n.t('{0} failed for {1}: {2}', words.asked, lead.name, describeError(error))}${extra}`,
        retry: run && (() => this.retryFailed(run)),
      });
      return;
    }
    const uncertainText = uncertain.length > 0 ? ` ${vscode.l10n.t('{0} of the notes may have been added anyway: check those leads before trying again.', uncertain.length)}` : '';
    const actions: ErrorAction[] = [{ label: vscode.l10n.t('Show Details'), run: () => this.log.show(true) }];
    if (run) actions.push({ label: vscode.l10n.t('Retry Failed'), run: () => this.retryFailed(run) });
    // A failure that only a new token mends offers Set API Token here too, by the rule every error notification follows.
    actions.push(...errorActions(failed.find(({ error }) => error instanceof ApiError && error.needsToken)?.error));
    notifyWithActions(notifyWarning, `${vscode.l10n.t('{0} on {1} leads: {2}.', words.asked, total, counts.join(', '))}${uncertainText}`, actions);
  }
}

/** "Setting status to Converted — 1 of 4": the notification's and the status bar's progress. */
export function progressText(running: string, settled: number, total: number): string {
  return vscode.l10n.t('{0} — {1} of {2}', running, settled, total);
}

function countWord(kind: keyof SummaryCounts, count: number): string {
  switch (kind) {
    case 'updated':
      return vscode.l10n.t('{0} updated', count);
    case 'unchanged':
      return vscode.l10n.t('{0} already up to date', count);
    case 'failed':
      return vscode.l10n.t('{0} failed', count);
    case 'notSent':
      return vscode.l10n.t('{0} not sent (cancelled)', count);
  }
}

/** "has it" for one lead, "3 of 4 have it" for several; nothing when none has it. */
function holders(having: number, total: number): string | undefined {
  if (having === 0) return undefined;
  return total === 1 ? vscode.l10n.t('has it') : vscode.l10n.t('{0} of {1} have it', having, total);
}

function titleFor(title: string, leads: Lead[]): string {
  return leads.length === 1 ? `${title}: ${leads[0]?.name ?? ''}` : vscode.l10n.t('{0}: {1} leads', title, leads.length);
}

/** Tags from automation or typing: a list, or text split on commas; trimmed, no empties or repeats. */
function parseTagList(value: unknown): string[] {
  const raw = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value.split(',') : [];
  return [...new Set(raw.map((tag) => tag.trim()).filter(Boolean))];
}

function parseOrReport<T>(schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false } }, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  void notifyError(vscode.l10n.t('Invalid value: {0}', JSON.stringify(value)));
  return undefined;
}
