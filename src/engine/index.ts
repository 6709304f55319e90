/** The engine's public surface: what the UI, the CLI and the tests import. */
export { Engine, type EngineDeps, type EngineEvent, type CreateOptions, type CreateResult, type RunOptions } from './engine.ts';
export { parseSpec } from './spec/parse.ts';
export { planGroup, type Plan } from './plan.ts';
export { groupMetric, rankTrials, bestTrial } from './group/metric.ts';
export { MemoryStore } from './store/memory.ts';
export type { Store, GroupRecord, StoredReport } from './store/store.ts';
export type * from './types.ts';
export type * from './runner.ts';
export type * from './spec/types.ts';
// Group snapshots: what engine.watch publishes (status, trials, progress, why it ended, the algorithm's state).
export type * from './group/snapshot.ts';
// The group state machine: reduce(state, event) and its events (live runs, replays and other tabs feed it).
export { reduce } from './group/reduce.ts';
export { initialState, type GroupState } from './group/state.ts';
export { replayEvents } from './group/replay.ts';
export type { GroupEvent, TrialInit } from './group/events.ts';
// Seeded randomness: the one PRNG, shared with the workers (weight init, shuffles, datasets).
export { rngFor, permutation, fmix32, type Rng } from './rng.ts';
// Defaults: every value hptune fills in when a spec or a trial leaves it out.
export { DEFAULTS } from './defaults.ts';
// Built-in objectives: names, inputs, metric and resource, as data.
export { OBJECTIVES, isObjectiveName, type ObjectiveName, type ObjectiveInfo } from './spec/objectives.ts';
// Command trials (src/cmd): Polyaxon's `{{ name }}` templates in run.cmd.
export { parseTemplate, type TemplatePart } from './spec/template.ts';
