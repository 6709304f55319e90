/**
 * The GP view's grids, evaluated off the page's main thread (docs/architecture.md, "Keeping the
 * page responsive"). A snapshot's GP is a set of functions over the engine's in-memory model,
 * which cannot cross a worker boundary; its inputs can. A job carries the group record (its
 * spec and seed) and the trials (each model step records its hyperparameters in the tags of the
 * trial it chose), and this side rebuilds the same GP the way a reopened group does
 * (`snapshotOf`: a fresh BO's `inspect`, then `before(trial)` for a past step), factorizes it
 * here, and evaluates the points. The numbers are the ones the live view gives (a rebuild from
 * the tags is exact; test/workers/gp-grid.test.ts).
 */
import { snapshotOf, type BoGpView, type GpView, type GroupRecord, type TrialRecord, type AcquisitionOptions } from '../engine/index.ts';

export interface GpGridJob {
  /** The group: its spec and seed build the algorithm. */
  readonly group: GroupRecord;
  readonly trials: readonly TrialRecord[];
  /** The trial whose model step's GP is shown; undefined: the latest. */
  readonly step?: number;
  /** Encoded points, row by row. */
  readonly points: readonly (readonly number[])[];
  readonly settings: AcquisitionOptions & { readonly z: number };
  /** Only the acquisition (the knobs changed, the posterior did not). */
  readonly acquisitionOnly?: boolean;
}

/** What a view draws of a GP besides its grids: plain data, which crosses a worker boundary. */
export type GpData = Pick<GpView, 'hyperparameters' | 'dimensions' | 'observations' | 'incumbent' | 'next'>;

/** The GP of a step, to describe (the scrubber): the job without points. */
export type GpStepJob = Pick<GpGridJob, 'group' | 'trials' | 'step'>;

/** mean, sd, lo, hi, acquisition at every point (acquisition only when asked); undefined when there is no GP to rebuild. */
export type GpGridResult = Float64Array[] | undefined;

/** GPs rebuilt recently, by group, trials seen and step: a knob change or a second chart reuses the factorization. */
const KEPT = 6;

export class GpGrid {
  private readonly cache = new Map<string, GpView | undefined>();

  evaluate(job: GpGridJob): GpGridResult {
    const gp = this.gp(job);
    if (!gp) return undefined;
    if (job.acquisitionOnly) return [Float64Array.from(gp.acquisition(job.points, job.settings))];
    const e = gp.evaluate(job.points, job.settings);
    return [e.mean, e.sd, e.lo, e.hi, e.acquisition].map((v) => Float64Array.from(v));
  }

  /** The step's GP as data (its observations, incumbent, next point, hyperparameters); undefined when it does not rebuild. */
  describe(job: GpStepJob): GpData | undefined {
    const gp = this.gp(job);
    if (!gp) return undefined;
    const { hyperparameters, dimensions, observations, incumbent, next } = gp;
    return { hyperparameters, dimensions, observations, ...(incumbent && { incumbent }), ...(next && { next }) };
  }

  private gp(job: GpStepJob): GpView | undefined {
    const finished = job.trials.reduce((k, t) => k + (t.finishedAt !== undefined ? 1 : 0), 0);
    const key = `${job.group.id}|${job.group.seed}|${job.trials.length}|${finished}|${job.step ?? 'latest'}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const a = snapshotOf(job.group, job.trials, []).algorithm;
    const live = a?.kind === 'bo' ? (a.gp as BoGpView | undefined) : undefined;
    const gp = job.step === undefined ? live : live?.before(job.step);
    this.cache.set(key, gp);
    if (this.cache.size > KEPT) this.cache.delete(this.cache.keys().next().value!);
    return gp;
  }
}
