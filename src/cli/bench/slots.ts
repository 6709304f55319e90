/**
 * How busy the concurrency slots are (ASHA should keep every slot busy, idle
 * slot time under 5 % with concurrency 2). Each LC4 step takes real time (a sleep per
 * report, as an epoch would). The search runs for a fixed window with more configurations
 * than fit in it (the steady state; a finite search's last rungs idle by nature), and slot
 * use = Σ time trials ran within the window / (slots × window).
 * Hyperband is measured the same way for contrast: its rung barriers leave slots idle.
 */
import { Engine, MemoryStore, type TrialRunner } from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';

const MS_PER_STEP = 10;
const SLOTS = 2;
const WINDOW_MS = 3000;

const SECTIONS: Record<string, Record<string, unknown>> = {
  asha: { asha: { max_iter: 27, eta: 3, n_experiments: 100_000, resource: { name: 'epochs', type: 'int' }, metric: { name: 'loss', optimization: 'minimize' }, resume: true } },
  hyperband: { hyperband: { max_iter: 27, eta: 3, resource: { name: 'epochs', type: 'int' }, metric: { name: 'loss', optimization: 'minimize' }, resume: true } },
};

export interface SlotUse {
  readonly algorithm: string;
  readonly slots: number;
  readonly trials: number;
  readonly wall_s: number;
  /** Share of slot time spent running trials. */
  readonly busy: number;
}

export async function slotUse(algorithm: 'asha' | 'hyperband', seed = 0): Promise<SlotUse> {
  const runner = slowRunner(new InProcessRunner(), MS_PER_STEP);
  const engine = new Engine({ store: new MemoryStore(), runner });
  const x = { uniform: [0, 1] };
  const source = JSON.stringify({
    version: 1,
    kind: 'group',
    hptuning: { seed, concurrency: SLOTS, matrix: { x1: x, x2: x, x3: x, x4: x }, ...SECTIONS[algorithm] },
    run: { objective: 'lc4' },
  });
  const created = await engine.create(source, { id: 'slots' });
  if (!created.ok) throw new Error(created.issues.map((i) => i.message).join('; '));
  const t0 = performance.now();
  const end = t0 + WINDOW_MS;
  let busy = 0;
  const started = new Map<number, number>();
  const timer = setTimeout(() => engine.stop('slots', 'measurement window over'), WINDOW_MS);
  await engine.run('slots', {
    observer: {
      trial: (t) => {
        const now = performance.now();
        if (t.status === 'running') started.set(t.number, now);
        else if (started.has(t.number)) busy += Math.min(now, end) - started.get(t.number)!;
      },
    },
  });
  clearTimeout(timer);
  const wall = Math.min(performance.now(), end) - t0;
  return { algorithm, slots: SLOTS, trials: started.size, wall_s: wall / 1000, busy: busy / (SLOTS * wall) };
}

/** Every report takes `ms` of wall time, as an epoch of real training would. */
function slowRunner(runner: TrialRunner, ms: number): TrialRunner {
  return {
    unsupported: (r) => runner.unsupported?.(r),
    run: (job, report, signal) =>
      runner.run(job, async (r) => (await new Promise((done) => setTimeout(done, ms)), report(r)), signal),
  };
}
