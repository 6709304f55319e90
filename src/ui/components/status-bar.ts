/**
 * `<hp-group-status>`: the group's status, its controls and its progress (in the
 * group view). Controls are enabled by status; each sends `hp-command` and the root
 * calls the engine. Status changes are announced through a polite live region.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GroupStatus } from '../../engine/index.ts';
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
 * The same moves as the engine's `canMoveGroup`.
 */
export function enabledCommands(status: GroupStatus): ReadonlySet<GroupCommand> {
  switch (status) {
    case 'created':
      return new Set(['start']);
    case 'running':
      return new Set(['pause', 'stop', 'stop-pending']);
    case 'paused':
      return new Set(['resume', 'stop']);
    case 'stopped':
      return new Set(['resume']);
    case 'stopping':
    case 'done':
    case 'failed':
      return new Set();
  }
}

export interface Progress {
  readonly elapsed?: number;
  /** Linear estimate from the rate so far; undefined before the first trial is done. */
  readonly remaining?: number;
  readonly fraction?: number;
}

/** Elapsed since `startedAt` and the remaining time at the rate so far (done trials per ms). */
export function progress(done: number, planned: number | undefined, startedAt: number | undefined, now: number): Progress {
  const elapsed = startedAt === undefined ? undefined : Math.max(0, now - startedAt);
  const fraction = planned && planned > 0 ? Math.min(1, done / planned) : undefined;
  const remaining =
    elapsed !== undefined && planned !== undefined && done > 0 ? (elapsed / done) * Math.max(0, planned - done) : undefined;
  return { elapsed, remaining, fraction };
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
  /** Trials finished so far. */
  @property({ type: Number }) done = 0;
  /** Trials the plan expects (undefined when unknown, e.g. random search without a cap). */
  @property({ type: Number }) planned?: number;
  /** When the group started (ms since the epoch). */
  @property({ type: Number }) startedAt?: number;
  /** The clock, pushed by the parent so the element owns no timer (ms since the epoch). */
  @property({ type: Number }) now = 0;
  /** The group's message (e.g. why it failed or stopped). */
  @property() message?: string;

  private _command(command: GroupCommand): void {
    emit(this, 'hp-command', { command });
  }

  protected override render() {
    const enabled = enabledCommands(this.status);
    const p = progress(this.done, this.planned, this.startedAt, this.now);
    const known = this.planned !== undefined;
    const ofText = known ? `${this.done} of ${this.planned} trials` : `${this.done} trials`;
    const estimate = p.remaining !== undefined && this.status === 'running' ? `about ${formatDuration(p.remaining)} left` : '';
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
        </div>
      </div>
      <div class="progress">
        <div
          role="progressbar"
          aria-label="Trials done"
          aria-valuemin="0"
          aria-valuemax=${known ? this.planned! : nothing}
          aria-valuenow=${known ? Math.min(this.done, this.planned!) : nothing}
          aria-valuetext=${ofText}
        >
          <div class="fill" style="width: ${p.fraction !== undefined ? (p.fraction * 100).toFixed(1) : 0}%"></div>
        </div>
        <span>${ofText}</span>
        ${p.elapsed !== undefined ? html`<span>elapsed ${formatDuration(p.elapsed)}</span>` : nothing}
        ${estimate ? html`<span>${estimate}</span>` : nothing}
      </div>
      ${this.message ? html`<p class="message">${this.message}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hp-group-status': HpGroupStatus;
  }
}
