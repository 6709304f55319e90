/**
 * Views loaded on first use. The heavy views (the GP view, the parameter analysis, the
 * bracket board, the trial detail, the race page) are their own chunks, so the app's main
 * chunk stays under 150 KB gzipped (test/run-all.mjs checks it): a `LazyModule` imports its
 * module the first time a view asks for it, and `lazyView` shows a one-line placeholder
 * until then. Once the module is in, views render it at once, with no placeholder.
 */
import { html, type TemplateResult } from 'lit';
import type { ReactiveControllerHost } from 'lit';

export class LazyModule {
  private _state: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  private _promise?: Promise<unknown>;
  /** Hosts to re-render when the module arrives (or fails). */
  private readonly _waiting = new Set<ReactiveControllerHost>();

  /** `load` is a dynamic import (`() => import('./x.ts')`), so the bundler makes it a chunk. */
  constructor(
    private readonly _load: () => Promise<unknown>,
    /** What the placeholder calls it: "Loading the GP view…". */
    readonly label: string,
  ) {}

  get ready(): boolean {
    return this._state === 'ready';
  }

  get failed(): boolean {
    return this._state === 'failed';
  }

  /** Starts the import (once); resolves when the module's elements are defined. */
  load(): Promise<unknown> {
    this._promise ??= (this._state = 'loading', this._load()).then(
      () => this._settle('ready'),
      (e: unknown) => {
        this._settle('failed');
        console.error(`Could not load ${this.label}`, e);
      },
    );
    return this._promise;
  }

  /** Loads the module when the browser is idle, so it is usually in before it is needed. */
  preload(): void {
    if (this._state !== 'idle') return;
    const start = (): void => void this.load();
    if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 2000 });
    else setTimeout(start, 0);
  }

  /** Whether the module is in; if not, starts loading it and re-renders `host` when it is. */
  use(host: ReactiveControllerHost): boolean {
    if (this._state === 'ready') return true;
    this._waiting.add(host);
    void this.load();
    return false;
  }

  private _settle(state: 'ready' | 'failed'): void {
    this._state = state;
    for (const host of this._waiting) host.requestUpdate();
    this._waiting.clear();
  }
}

/** `render()` once `module` is in; until then one line saying what is loading (or that it failed). */
export function lazyView(module: LazyModule, host: ReactiveControllerHost, render: () => TemplateResult): TemplateResult {
  if (module.use(host)) return render();
  if (module.failed) return html`<p class="note" role="alert">Could not load ${module.label}; reload the page to try again.</p>`;
  return html`<p class="note" role="status">Loading ${module.label}…</p>`;
}
