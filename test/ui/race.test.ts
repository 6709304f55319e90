// The race's settings, its generated specs (checked by the real parser) and a real race of
// in-process groups: every racer spends exactly its budget and its line never rises.
import { describe, expect, it } from 'vitest';
import { parseSpec, type GroupSnapshot } from '../../src/engine/index.ts';
import { checkRace, raceInputOf, raceQuery, raceSpec, RACE_ALGORITHMS, RACE_OBJECTIVES, type RaceSettings } from '../../src/ui/app/race-settings.ts';
import { Race } from '../../src/ui/app/race-runner.ts';
import { raceLine } from '../../src/ui/app/race-curve.ts';

const settings = (s: Partial<RaceSettings>): RaceSettings => {
  const c = checkRace({ objective: s.objective, seed: s.seed?.toString(), budget: s.budget?.toString(), algorithms: s.algorithms?.join(',') });
  if (!c.ok) throw new Error(c.problems.map((p) => p.message).join(' '));
  return c.settings;
};

describe('race settings', () => {
  it('round-trips through the URL query', () => {
    const s = settings({ objective: 'hartmann3', seed: 7, budget: 40, algorithms: ['bo', 'random', 'grid'] });
    expect(raceQuery(s)).toBe('objective=hartmann3&seed=7&budget=40&algorithms=bo,random,grid');
    expect(checkRace(raceInputOf(raceQuery(s)))).toEqual({ ok: true, settings: s });
  });

  it('refuses more than 5 algorithms, naming the field, the rule and what it got', () => {
    const c = checkRace(raceInputOf('objective=lc4&algorithms=grid,random,bo,tpe,hyperband,asha'));
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0]!.field).toBe('algorithms');
    expect(c.problems[0]!.message).toContain('2 to 5 algorithms');
    expect(c.problems[0]!.message).toContain('got 6: grid, random, bo, tpe, hyperband, asha');
  });

  it('refuses a model or anything that is not a benchmark objective', () => {
    for (const objective of ['mlp', 'noop', 'mnist']) {
      const c = checkRace({ objective, algorithms: 'bo,random' });
      expect(c.ok).toBe(false);
      if (c.ok) continue;
      expect(c.problems.map((p) => p.field)).toEqual(['objective']);
      expect(c.problems[0]!.message).toContain(`got "${objective}"`);
      expect(c.problems[0]!.message).toContain('models');
    }
  });

  it('refuses one algorithm, a repeated one, an unknown one, a bad seed or budget, and Hyperband without a resource', () => {
    const fields = (q: string) => {
      const c = checkRace(raceInputOf(q));
      return c.ok ? [] : c.problems.map((p) => p.field);
    };
    expect(fields('algorithms=bo')).toEqual(['algorithms']);
    expect(fields('algorithms=bo,bo')).toEqual(['algorithms']);
    expect(fields('algorithms=bo,smac')).toEqual(['algorithms']);
    expect(fields('seed=-3&algorithms=bo,random')).toEqual(['seed']);
    expect(fields('budget=1&algorithms=bo,random')).toEqual(['budget']);
    expect(fields('budget=2.5&algorithms=bo,random')).toEqual(['budget']);
    expect(fields('objective=branin&algorithms=hyperband,random')).toEqual(['algorithms']);
    expect(fields('objective=lc4&budget=30&algorithms=hyperband,random')).toEqual(['budget']);
    expect(fields('objective=lc4&budget=810&algorithms=hyperband,random')).toEqual([]);
  });

  it('generates a valid spec for every algorithm on every objective it can race on', () => {
    for (const objective of RACE_OBJECTIVES) {
      for (const a of RACE_ALGORITHMS) {
        const c = checkRace({ objective, algorithms: `${a},${a === 'random' ? 'grid' : 'random'}` });
        if (!c.ok) {
          expect(objective).not.toBe('lc4'); // everything races on lc4
          continue;
        }
        const parsed = parseSpec(raceSpec(c.settings, a));
        expect(parsed.ok, `${a} on ${objective}: ${parsed.ok ? '' : JSON.stringify(parsed.issues)}`).toBe(true);
        if (parsed.ok) expect(parsed.spec.hptuning.seed).toBe(c.settings.seed);
      }
    }
  });
});

describe('a race', () => {
  it('runs three algorithms on branin to the end: each spends its budget, lines only go down', async () => {
    const race = new Race(settings({ objective: 'branin', seed: 3, budget: 16, algorithms: ['bo', 'random', 'grid'] }));
    await race.prepare();
    const seen = new Map<string, GroupSnapshot>();
    await race.run((r, s) => seen.set(r.algorithm, s));
    expect([...seen.keys()].sort()).toEqual(['bo', 'grid', 'random']);
    const ends: Record<string, number> = {};
    for (const r of race.racers) {
      // When the race resolves, each racer's last snapshot handed over is its end.
      const s = seen.get(r.algorithm);
      expect(s?.status).toBe('done');
      expect(s?.progress.done).toBe(16);
      const line = raceLine(s!, false, 16);
      ends[r.algorithm] = line.spent;
      const bests = line.points.map((p) => p.best);
      expect(bests).toEqual([...bests].sort((a, b) => b - a));
      // The line's best is the snapshot's best trial.
      expect(bests.at(-1)).toBe(s!.best?.value);
    }
    // A 2-D grid within 16 evaluations is 4 × 4; random and BO spend all 16.
    expect(ends).toEqual({ bo: 16, random: 16, grid: 16 });
    race.dispose();
  });

  it('stops an lc4 racer once it has spent the budget and counts a resumed trial by its increment', async () => {
    const race = new Race(settings({ objective: 'lc4', seed: 2, budget: 162, algorithms: ['asha', 'random'] }));
    await race.prepare();
    await race.run(() => {});
    const asha = (await race.engine.snapshot('race-asha'))!;
    const line = raceLine(asha, true, 162);
    expect(line.spent).toBeLessThanOrEqual(162);
    expect(line.spent).toBeGreaterThan(162 - 27);
    expect(asha.trials.some((t) => t.resumeFrom !== undefined)).toBe(true);
    // Without the resume discount the same trials would cost more than they are counted for.
    const full = asha.trials.slice(0, line.trials).reduce((sum, t) => sum + (t.status === 'succeeded' ? Number(t.params.epochs) : 0), 0);
    expect(full).toBeGreaterThan(line.spent);
    const random = raceLine((await race.engine.snapshot('race-random'))!, true, 162);
    expect(random.spent).toBe(162); // 6 trials × 27 epochs
    race.dispose();
  });
});
