/**
 * `<hp-group-status>`: the group's status, its controls, its progress and why it ended,
 * all from the engine's snapshot of the group (the parent passes its parts down). Controls
 * are enabled by status; each sends `hp-command` and the root calls the engine. Status
 * changes are announced through a polite live region.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GroupEnd, GroupProgress, GroupStatus } from '../../engine/index.ts';
import { theme } from './theme.ts';
import { emit, type GroupCommand } from './events.ts';
import { formatDuration } from './format.ts';

const COMMANDS: readonly { readonly command: GroupCommand; readonly label: string }[] = [
  { command: 'start', label: 'Start' },
  { command: 'pause', label: 'Pause' },
  { command: 'resume', label: 'Resume' },
  { command: 'stop', label: 'Stop' },
  { command: 'stop-pending', label: 'Stop pending' },
];

/**
 * Which commands a status allows: start a created group; pause or stop a running one,
 * or stop only its pending trials (docs/differences.md, "Stop pending lets running trials finish"); resume a paused or stopped group (hptune
 * resumes stopped groups: docs/hptuning.md, "Group statuses" `resuming ← stopped`); stop a paused one.
 * The same moves as the engine's `canMoveGroup`. A group stopped by its early-stopping
 * threshold is not resumed (the engine would end it again at once): it may only be
 * continued anyway, past the threshold, when the user asks for it explicitly.
 */
export function enabledCommands(status: GroupStatus, ended?: GroupEnd): ReadonlySet<GroupCommand> {
  switch (status) {
    case 'created':
      return new Set(['start']);
    case 'running':
      return new Set(['pause', 'stop', 'stop-pending']);
    case 'paused':
      return new Set(['resume', 'stop']);
    case 'stopped':
      return new Set([ended?.kind === 'threshold' ? 'continue-anyway' : 'resume']);
    case 'stopping':
    case 'done':
    case 'failed':
      return new Set();
  }
}

/**
 * The elapsed time and the time left to show `since` ms after the snapshot was taken: a
 * running group's clock goes on between snapshots, and the engine's estimate counts down.
 */
export function clock(progress: GroupProgress | undefined, status: GroupStatus, since: number): { elapsed?: number; remaining?: number } {
  if (!progress) return {};
  const running = status === 'running';
  const elapsed = progress.elapsedMs + (running ? since : 0);
  const remaining = running && progress.remainingMs !== undefined ? Math.max(0, progress.remainingMs - since) : undefined;
  return { elapsed, ...(remaining !== undefined && { remaining }) };
}

@customElement('hp-group-status')
export class HpGroupStatus extends LitElement {
  static override styles = [
    theme,
    css`
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: center;
      }
      .status {
        font-weight: 600;
        padding: 2px 10px;
        border-radius: 12px;
        border: 1px solid currentColor;
        text-transform: capitalize;
      }
      .status.running {
        color: var(--_running);
      }
      .status.done {
        color: var(--_good);
      }
      .status.failed {
        color: var(--_bad);
      }
      .status.stopping,
      .status.stopped,
      .status.paused {
        color: var(--_warn);
      }
      .status.created {
        color: var(--_muted);
      }
      .controls {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
      button.primary:not(:disabled) {
        background: var(--_accent);
        color: var(--_accent-fg);
        border-color: var(--_accent);
      }
      .progress {
        display: flex;
        gap: 12px;
        align-items: center;
        margin-top: 10px;
        font-size: 13px;
        color: var(--_muted);
        font-variant-numeric: tabular-nums;
      }
      [role='progressbar'] {
        flex: 1;
        height: 8px;
        min-width: 120px;
        border-radius: 4px;
        background: var(--_surface);
        border: 1px solid var(--_border);
        overflow: hidden;
      }
      .fill {
        height: 100%;
        background: var(--_accent);
        transition: width 0.3s;
      }
      .message {
        margin: 6px 0 0;
        color: var(--_muted);
      }
    `,
  ];

  /** The group's status; it decides which controls are enabled. */
  @property() status: GroupStatus = 'created';
  /** The snapshot's progress: trials done, running and planned, elapsed and estimated time left. */
  @property({ attribute: false }) progress?: GroupProgress;
  /** Why the group ended or paused (the snapshot's `ended`); undefined while it runs. */
  @property({ attribute: false }) ended?: GroupEnd;
  /** Milliseconds since the snapshot was taken, pushed by the parent so the element owns no timer. */
  @property({ type: Number }) since = 0;

  private _command(command: GroupCommand): void {
    emit(this, 'hp-command', { command });
  }

  protected override render() {
    const enabled = enabledCommands(this.status, this.ended);
    const p = this.progress;
    const done = p?.done ?? 0;
    const planned = p?.planned;
    const known = planned !== undefined;
    const fraction = known && planned > 0 ? Math.min(1, done / planned) : undefined;
    const { elapsed, remaining } = clock(p, this.status, this.since);
    const ofText = known ? `${done} of ${planned} trials` : `${done} trials`;
    return html`
      <div class="row">
        <span class="status ${this.status}" role="status" aria-live="polite" aria-atomic="true">
          <span class="visually-hidden">Group status:</span> ${this.status}
        </span>
        <div class="controls" role="group" aria-label="Group controls">
          ${COMMANDS.map(
            ({ command, label }) => html`<button
              type="button"
              class=${command === 'start' || command === 'resume' ? 'primary' : ''}
              data-command=${command}
              ?disabled=${!enabled.has(command)}
              @click=${() => this._command(command)}
            >
              ${label}
            </button>`,
          )}
          ${enabled.has('continue-anyway')
            ? html`<button type="button" data-command="continue-anyway" @click=${() => this._command('continue-anyway')}
                title="Run the group again without its early-stopping threshold">Continue anyway</button>`
            : nothing}
        </div>
      </div>
      <div class="progress">
        <div
          role="progressbar"
          aria-label="Trials done"
          aria-valuemin="0"
          aria-valuemax=${known ? planned : nothing}
          aria-valuenow=${known ? Math.min(done, planned) : nothing}
          aria-valuetext=${ofText}
        >
          <div class="fill" style="width: ${fraction !== undefined ? (fraction * 100).toFixed(1) : 0}%"></div>
        </div>
        <span>${ofText}</span>
        ${elapsed !== undefined && this.status !== 'created' ? html`<span>elapsed ${formatDuration(elapsed)}</span>` : nothing}
        ${remaining !== undefined ? html`<span title=${p?.estimateNote ?? nothing}>about ${formatDuration(remaining)} left</span>` : nothing}
      </div>
      ${this.ended ? html`<p class="message ${this.ended.kind}">${this.ended.message}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-group-status': HpGroupStatus;
  }
}
