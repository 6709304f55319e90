/**
 * The events the components send up (Lit: data down, typed events up).
 * Every event bubbles and is composed, so the root element hears it through shadow roots.
 */

/** `hp-trial-select`: the user picked a trial (table row, trial button). */
export interface TrialSelectDetail {
  readonly number: number;
}

export type CopyFormat = 'yaml' | 'json';

/** `hp-copied`: the best params were copied (`ok: false` when no clipboard accepted them). */
export interface CopiedDetail {
  readonly format: CopyFormat;
  readonly text: string;
  readonly ok: boolean;
}

/**
 * The group commands of the status bar (docs/hptuning.md, "Stopping, pausing and resuming" `stop` and `stop --pending`, docs/differences.md, "Stop pending lets running trials finish").
 * `continue-anyway` runs a group that met its early-stopping threshold again, past it.
 */
export type GroupCommand = 'start' | 'pause' | 'resume' | 'stop' | 'stop-pending' | 'continue-anyway';

/** `hp-command`: the user asked the group to do something; the root calls the engine. */
export interface CommandDetail {
  readonly command: GroupCommand;
}

export interface HpEventDetails {
  'hp-trial-select': TrialSelectDetail;
  'hp-copied': CopiedDetail;
  'hp-command': CommandDetail;
}

/** Dispatches one of our events from `host`, bubbling and composed. */
export function emit<K extends keyof HpEventDetails>(host: EventTarget, type: K, detail: HpEventDetails[K]): boolean {
  return host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'hp-trial-select': CustomEvent<TrialSelectDetail>;
    'hp-copied': CustomEvent<CopiedDetail>;
    'hp-command': CustomEvent<CommandDetail>;
  }
}

/**
 * A click handler for a chart whose marks carry `data-trial`: a click on one selects its
 * trial (`hp-trial-select` from `host`), as a table row does.
 */
export function pickTrial(host: EventTarget): (e: Event) => void {
  return (e) => {
    const n = (e.target as Element).closest?.('[data-trial]')?.getAttribute('data-trial');
    if (n != null && n !== '') emit(host, 'hp-trial-select', { number: Number(n) });
  };
}
