/**
 * Runs a race: one real group per algorithm, created through the engine from its generated
 * spec and run at the same time as the others, each watched through engine.watch.
 *
 * The race has an engine of its own with an in-memory store: racers are a demo, not groups
 * to keep, so they do not fill the groups list or the browser's storage. Its trials are the
 * built-in objectives run in process (microseconds each); the runner gives the event loop a
 * turn before every trial so that racers interleave and the page stays responsive (BO's
 * model fits give the event loop turns of their own while they run).
 */
import { Engine, MemoryStore, type GroupSnapshot, type TrialRunner } from '../../engine/index.ts';
import { InProcessRunner } from '../../workers/inprocess.ts';
import { hasResource, raceSpec, type RaceAlgorithm, type RaceSettings } from './race-settings.ts';
import { raceLine } from './race-curve.ts';

export interface Racer {
  readonly algorithm: RaceAlgorithm;
  readonly groupId: string;
  readonly spec: string;
}

const turn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The in-process runner with a turn of the event loop before every trial. */
function yieldingRunner(): TrialRunner {
  const inner = new InProcessRunner();
  return {
    unsupported: (run) => inner.unsupported(run),
    run: async (job, report, signal) => {
      await turn();
      return inner.run(job, report, signal);
    },
  };
}

export class Race {
  readonly engine = new Engine({ store: new MemoryStore(), runner: yieldingRunner() });
  readonly racers: Racer[] = [];
  private readonly unwatch: (() => void)[] = [];
  private stopped = false;

  constructor(readonly settings: RaceSettings) {}

  /** Creates the racers' groups (nothing runs yet); throws with the engine's issues if a spec is refused. */
  async prepare(): Promise<readonly Racer[]> {
    for (const algorithm of this.settings.algorithms) {
      // Parsing and checking a spec takes milliseconds: one racer per turn of the event loop.
      await turn();
      const spec = raceSpec(this.settings, algorithm);
      const created = await this.engine.create(spec, { id: `race-${algorithm}` });
      if (!created.ok) throw new Error(`the ${algorithm} racer's spec was refused: ${created.issues.map((i) => i.message).join('; ')}`);
      this.racers.push({ algorithm, groupId: created.group.id, spec });
    }
    return this.racers;
  }

  /**
   * Runs every racer at once and resolves when all have ended. `onSnapshot` gets each new
   * snapshot of each racer. A racer on lc4 is stopped once it has spent the budget (Hyperband
   * and ASHA plan by configurations, not by resource).
   */
  async run(onSnapshot: (r: Racer, s: GroupSnapshot) => void): Promise<void> {
    const withResource = hasResource(this.settings.objective);
    const last = new Map<string, GroupSnapshot>();
    for (const r of this.racers) {
      this.unwatch.push(
        this.engine.watch(r.groupId, (s) => {
          last.set(r.groupId, s);
          if (withResource && s.status === 'running' && raceLine(s, true, Infinity).spent >= this.settings.budget) {
            this.engine.stop(r.groupId, 'The race budget is spent');
          }
          onSnapshot(r, s);
        }),
      );
    }
    await Promise.all(this.racers.map((r) => (this.stopped ? undefined : this.engine.run(r.groupId))));
    // Watchers hear of a change a macrotask after it: wait (a few turns at most) until every
    // racer's last snapshot shows it ended, so whoever awaits the race reads its end.
    for (let i = 0; i < 20 && this.racers.some((r) => ['created', 'running', 'stopping'].includes(last.get(r.groupId)?.status ?? 'created')); i++) await turn();
  }

  /** Stops every racer (running trials are stopped). */
  stop(): void {
    this.stopped = true;
    for (const r of this.racers) this.engine.stop(r.groupId, 'Race stopped by user');
  }

  dispose(): void {
    this.stop();
    for (const u of this.unwatch.splice(0)) u();
  }
}
