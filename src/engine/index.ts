/**
 * The engine's public API: src/ui, src/cli, src/workers and src/store import the engine
 * from this file only (docs/architecture.md, "Layers and ports"); a test reads the
 * import graph and enforces it. Tests may reach inside.
 */

// The facade: create, run, pause, resume, stop, delete, export and import groups.
export { Engine, type EngineDeps, type EngineEvent, type CreateOptions, type CreateResult, type RunOptions } from './engine.ts';
export type { DriverObserver } from './group/driver.ts';
export type { AlgorithmOptions } from './create-algorithm.ts';

// Specs: parsing a polyaxonfile (issues with line and column) and the parsed form.
export { parseSpec, HUGE_PLAN } from './parse-spec.ts';
export { formatIssue } from './spec/issues.ts';
export type * from './spec/types.ts';

// Plans: what a spec will run before it runs (trial counts, Hyperband brackets).
export { planGroup, type Plan } from './plan.ts';

// Records: groups, trials and reports as stored and shown.
export type * from './types.ts';
export { TRIAL_DONE } from './types.ts';

// Metrics: the group's metric, ranking, the best trial and per-trial summaries.
export { groupMetric, rankTrials, bestTrial } from './group/metric.ts';
export { summarizeAll } from './group/metrics.ts';

// Group snapshots: what engine.watch publishes (status, trials, progress, why it ended, the algorithm's state).
export type * from './group/snapshot.ts';
export { snapshotOf, type WatchOptions } from './watching.ts';
// A trial's line of promotions (parent and resumeFrom chains) and its curve stitched across rungs.
export { lineage, childrenOf, stitchedCurve, type CurveSegment, type TrialSource } from './group/lineage.ts';

// The group state machine: reduce(state, event) and its events (live runs, replays and other tabs feed it).
export { reduce } from './group/reduce.ts';
export { initialState, type GroupState } from './group/state.ts';
export { replayEvents } from './group/replay.ts';
export type { GroupEvent, TrialInit } from './group/events.ts';

// Ports: the trial runner (workers, in-process code) and the store (IndexedDB, memory).
export type * from './runner.ts';
export type { Store, GroupRecord, StoredReport } from './store/store.ts';
export { MemoryStore } from './store/memory.ts';

// Export files: the JSON a group is exported to and imported from (Engine.exportGroup and
// importGroup read and write the store; these read and write the text).
export { stringifyGroupExport } from './export/serialize.ts';
export { parseGroupExport, type ExportIssue, type GroupExportResult } from './export/parse.ts';
export type { GroupExport } from './export/format.ts';
export type { GroupFile, GroupFileOptions, ImportFileResult } from './export/group-file.ts';

// Numbers as users read them.
export { formatSig, formatValue } from './format.ts';

// Analysis plots: fANOVA parameter importance and pairwise marginals over a seeded random forest (built tree by tree).
export { forestSteps, buildForest, type Leaf, type ForestOptions } from './analysis/forest.ts';
export { fanovaImportance, importanceOf, treeFractions, pairMarginal, pairMarginalSteps, type Importance } from './analysis/fanova.ts';

// Seeded randomness: the one PRNG, shared with the workers (weight init, shuffles, datasets).
export { rngFor, permutation, fmix32, type Rng } from './rng.ts';

// Defaults: every value hptune fills in when a spec or a trial leaves it out.
export { DEFAULTS } from './defaults.ts';

// Built-in objectives: names, inputs, metric and resource, as data.
export { OBJECTIVES, isObjectiveName, type ObjectiveName, type ObjectiveInfo } from './spec/objectives.ts';

// Benchmarks: BO's suggestion latency, measured by `hptune bench`.
export { suggestLatency, suggestLatencies, type LatencyOptions } from './samplers/bo-latency.ts';
// BO's GP view: the GpView of a snapshot plus the record of model steps (`before(trial)` rebuilds a past GP).
export type { BoGpView, BoStepRecord } from './samplers/bo-view.ts';

// Command trials (src/cmd): Polyaxon's `{{ name }}` templates in run.cmd.
export { parseTemplate, type TemplatePart } from './spec/template.ts';

// The ask/tell API (docs/library.md): a group whose trials the caller runs, and its loops.
export { createGroup, AskTellGroup, type GroupOptions, type AskedTrial } from './asktell/group.ts';
export { AskTellError, SpecError, type AskTellErrorCode } from './asktell/errors.ts';
export type { Report, TellResult } from './asktell/check.ts';
export type { Objective, OptimizeOptions, ReportCallback } from './asktell/loops.ts';
