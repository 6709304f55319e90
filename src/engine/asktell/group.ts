/**
 * The ask/tell API (docs/library.md; Optuna's `study.ask()` / `study.tell()` is the model):
 *
 *   const g = createGroup(spec);          // YAML or JSON text, or the spec as an object
 *   const t = await g.ask();              // {number, params, seed, resource?, …}, undefined once the search is over
 *   await g.tell(t, 0.12);                // the group metric's final value, or [{step, values}, …]
 *
 * The group is an ordinary engine group run by `Engine.run`, whose trials the caller runs
 * (caller-runner.ts): the same seeds give the same trials as `hptune run`, every report is
 * stored before the engine acts on it, and early stopping, Hyperband and ASHA act on the
 * reports. `report` sends an intermediate report and answers whether to go on.
 */
import type { MetricSpec, SpecIssue } from '../spec/types.ts';
import type { GroupRecord, Store } from '../store/store.ts';
import type { Decision } from '../runner.ts';
import type { Params, TrialRecord } from '../types.ts';
import type { AlgorithmOptions } from '../create-algorithm.ts';
import { TRIAL_DONE } from '../types.ts';
import { Engine } from '../engine.ts';
import { MemoryStore } from '../store/memory.ts';
import { parseSpec } from '../parse-spec.ts';
import { bestTrial, groupMetric } from '../group/metric.ts';
import { CallerRunner, type Slot } from './caller-runner.ts';
import { AskTellError, SpecError } from './errors.ts';
import { checkReport, toReports, type TellResult } from './check.ts';
import { optimizeLoop, trialLoop, type Objective, type OptimizeOptions } from './loops.ts';

export interface GroupOptions {
  /** Where the group, its trials and every report are kept: MemoryStore by default; IdbStore (browser) or FileStore (Node) to keep them. */
  readonly store?: Store;
  /** Overrides `hptuning.seed`. */
  readonly seed?: number;
  /** Overrides `hptuning.concurrency`: how many trials may be out (asked, not told) at once. */
  readonly concurrency?: number;
  readonly name?: string;
  /** The group's id. An id the store already holds continues that group, with its stored spec. */
  readonly id?: string;
  /** Clock in ms (tests pass a fake one). */
  readonly now?: () => number;
  readonly algorithm?: AlgorithmOptions;
}

/** A trial as `ask` hands it out. */
export interface AskedTrial {
  readonly number: number;
  /** The suggestion, with the resource (Hyperband, ASHA) and the spec's `params` merged in. */
  readonly params: Params;
  /** A seed for whatever is random inside the trial. */
  readonly seed: number;
  /** The resource to train to (Hyperband, ASHA), also in `params` under the resource's name. */
  readonly resource?: number;
  /** The trial this one was promoted from. */
  readonly parent?: number;
  /** `resume: true`: the trial whose state this one continues (load the checkpoint you kept for it). */
  readonly resumeFrom?: number;
}

/** Validates the spec at once (a SpecError lists every issue); the group starts on the first call that needs it. */
export function createGroup(spec: string | object, options: GroupOptions = {}): AskTellGroup {
  const source = typeof spec === 'string' ? spec : JSON.stringify(spec, null, 2);
  const parsed = parseSpec(source);
  if (!parsed.ok) throw new SpecError(parsed.issues);
  return new AskTellGroup(source, groupMetric(parsed.spec), parsed.warnings, options);
}

export class AskTellGroup {
  /** The engine behind the group, for everything else (`watch`, `exportGroup`, `snapshot`…). */
  readonly engine: Engine;
  /** The group's record once it is created (or reopened). */
  readonly ready: Promise<GroupRecord>;
  /** The group's final record: it ends when the search has no more trials and every trial is told, or on `stop`. */
  readonly done: Promise<GroupRecord>;
  private readonly runner = new CallerRunner();
  private readonly seen = new Map<number, TrialRecord>();
  private readonly waiting = new Map<number, (t: TrialRecord) => void>();

  constructor(
    source: string,
    /** The metric a bare number is filed under and `best` ranks by. */
    readonly metric: MetricSpec | undefined,
    readonly warnings: readonly SpecIssue[],
    options: GroupOptions,
  ) {
    const store = options.store ?? new MemoryStore();
    this.engine = new Engine({ store, runner: this.runner, ...(options.now && { now: options.now }) });
    this.ready = open(this.engine, store, source, options);
    this.done = this.ready.then((g) =>
      this.engine.run(g.id, {
        ...(options.algorithm && { algorithm: options.algorithm }),
        observer: { trial: (t) => this.observed(t) },
      }),
    );
    this.done.then(
      () => this.ended(),
      (e) => this.ended(e),
    );
  }

  /** The next trial to run; it waits while `concurrency` trials are out or the search waits for results. Undefined once the group has ended. */
  async ask(): Promise<AskedTrial | undefined> {
    const slot = await this.runner.take();
    if (!slot) return undefined;
    slot.asked = true;
    const t = this.seen.get(slot.job.trial);
    return {
      number: slot.job.trial,
      params: { ...slot.job.params }, // the caller's copy: changing it cannot change the stored trial
      seed: slot.job.seed,
      ...(t?.resource !== undefined && { resource: t.resource }),
      ...(t?.parent !== undefined && { parent: t.parent }),
      ...(t?.resumeFrom !== undefined && { resumeFrom: t.resumeFrom }),
    };
  }

  /**
   * An intermediate report ({step, values}); resolves once it is stored, with the engine's
   * answer: `continue`, or `stop` when early stopping, Hyperband or ASHA cut the trial here
   * (then tell it, with nothing more to report).
   */
  async report(trial: AskedTrial | number, report: { step: number; values: Record<string, number> }): Promise<Decision> {
    const slot = this.slot(trial, 'report');
    const r = checkReport(slot.job.trial, `report(trial ${slot.job.trial})`, report);
    if (slot.told) throw new AskTellError('told-twice', `report(trial ${slot.job.trial}): the trial is already told; report before telling it`, slot.job.trial);
    return this.send(slot, r);
  }

  /** Ends a trial: its final metric value, or its reports in order (the engine acts on each). Resolves with the stored record. */
  async tell(trial: AskedTrial | number, result: TellResult): Promise<TrialRecord> {
    const slot = this.slot(trial, 'tell');
    const n = slot.job.trial;
    this.once(slot, 'tell');
    const reports = toReports(n, result, this.metric, slot.lastStep ?? this.seen.get(n)?.resource ?? 1);
    slot.told = true;
    const final = this.final(n);
    for (const r of reports) if ((await this.send(slot, r)) !== 'continue') break;
    slot.end(slot.halted ? { kind: 'halted', decision: slot.halted } : { kind: 'completed' });
    return final;
  }

  /** Ends a trial as failed (its code threw, the run crashed), with the reason. */
  async fail(trial: AskedTrial | number, reason: string): Promise<TrialRecord> {
    const slot = this.slot(trial, 'fail');
    this.once(slot, 'fail');
    slot.told = true;
    const final = this.final(slot.job.trial);
    slot.end({ kind: 'failed', name: 'Error', message: String(reason) });
    return final;
  }

  /** Trials one at a time: `for await (const t of g.trials()) { …; await g.tell(t, value); }`. */
  trials(): AsyncGenerator<AskedTrial, void, undefined> {
    return trialLoop(this);
  }

  /**
   * Runs `objective(params, report)` on each trial (as many at once as `concurrency`) until
   * the search ends or `trials` have run; resolves with the best trial. An objective that
   * throws fails its trial, and optimize rejects with the error once the running ones end.
   */
  optimize(objective: Objective, options: OptimizeOptions = {}): Promise<TrialRecord | undefined> {
    return optimizeLoop(this, objective, options);
  }

  /** Stops the group: trials not yet asked are dropped, asked ones are told `stop` at their next report. */
  async stop(message?: string): Promise<GroupRecord> {
    const g = await this.ready;
    this.engine.stop(g.id, message);
    return this.done;
  }

  /** Every trial as stored, in number order. */
  async records(): Promise<readonly TrialRecord[]> {
    return this.engine.trials((await this.ready).id);
  }

  /** The best trial by the group's metric (its last value), undefined before one has reported it. */
  async best(): Promise<TrialRecord | undefined> {
    return bestTrial(await this.records(), this.metric);
  }

  /** Whether `tell` or `fail` may still be called for the trial (the loops check this). */
  isOpen(trial: AskedTrial): boolean {
    const slot = this.runner.slots.get(trial.number);
    return slot !== undefined && !slot.told;
  }

  private slot(trial: AskedTrial | number, call: string): Slot {
    const n = typeof trial === 'number' ? trial : (trial as AskedTrial | undefined)?.number;
    const slot = typeof n === 'number' ? this.runner.slots.get(n) : undefined;
    if (!slot?.asked) {
      throw new AskTellError('unknown-trial', `${call}(trial ${String(n)}): no such trial was handed out by ask() in this group`, typeof n === 'number' ? n : undefined);
    }
    return slot;
  }

  private once(slot: Slot, call: string): void {
    if (slot.told) throw new AskTellError('told-twice', `${call}(trial ${slot.job.trial}): the trial is already told; a trial is told once`, slot.job.trial);
  }

  private async send(slot: Slot, r: { step: number; values: Readonly<Record<string, number>> }): Promise<Decision> {
    if (slot.halted) return 'stop';
    slot.lastStep = r.step;
    const d = await slot.report(r);
    if (d !== 'continue') slot.halted ??= d;
    return slot.halted ? 'stop' : 'continue';
  }

  /** The trial's record once the engine has stored its end. */
  private final(n: number): Promise<TrialRecord> {
    const known = this.seen.get(n);
    if (known && TRIAL_DONE.has(known.status)) return Promise.resolve(this.take(n));
    return new Promise((resolve) => this.waiting.set(n, resolve));
  }

  private observed(t: TrialRecord): void {
    this.seen.set(t.number, t);
    if (!TRIAL_DONE.has(t.status)) return;
    const w = this.waiting.get(t.number);
    if (w) {
      this.waiting.delete(t.number);
      w(this.take(t.number));
    }
  }

  private take(n: number): TrialRecord {
    const t = this.seen.get(n)!;
    this.seen.delete(n);
    return t;
  }

  /** The run is over: waiting asks get undefined (or the error), waiting tells the last record seen. */
  private ended(error?: unknown): void {
    this.runner.finish(error);
    for (const [n, w] of this.waiting) w(this.seen.get(n)!);
    this.waiting.clear();
  }
}

/** Creates the group in the store, or reopens the one the store holds under `options.id`. */
async function open(engine: Engine, store: Store, source: string, options: GroupOptions): Promise<GroupRecord> {
  const known = options.id !== undefined ? await store.getGroup(options.id) : undefined;
  if (known) return known;
  const created = await engine.create(source, {
    ...(options.seed !== undefined && { seed: options.seed }),
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.name !== undefined && { name: options.name }),
    ...(options.id !== undefined && { id: options.id }),
  });
  if (!created.ok) throw new SpecError(created.issues);
  return created.group;
}
