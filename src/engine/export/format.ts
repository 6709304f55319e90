/**
 * The group export file (`format: 'hptune-group'`, version 1): one JSON document holding a
 * group with its spec source, seed, trials, every metric report and optionally checkpoints
 *. The browser and the CLI (`hptune run --out`, `hptune show`) read and write it.
 *
 * These zod schemas describe the file as JSON text holds it. Two things differ from the
 * in-memory records:
 * - metric values (reports and trial summaries) may be NaN or ±Infinity (a diverging loss);
 *   JSON cannot hold those, so the file writes them as the strings "NaN", "Infinity",
 *   "-Infinity". Every other number must be finite (JSON.parse turns `1e999` into Infinity).
 * - checkpoint bytes are base64 text (base64.ts).
 * Objects are strict: an unknown key is refused, so a tampered or foreign file fails loudly.
 */
import { z } from 'zod';
import type { GroupStatus, MetricSummary, Params, TrialEvent, TrialRecord, TrialStatus } from '../types.ts';
import type { GroupRecord, StoredReport } from '../store/store.ts';

export const FORMAT = 'hptune-group';
export const VERSION = 1;

/** How a non-finite metric value is spelled in the file. */
export const NON_FINITE = ['NaN', 'Infinity', '-Infinity'] as const;

const finite = z.number();
const int = z.number().int();
const json = z.json();

/** A metric value: a finite number, or one of the three spellings of a non-finite one. */
const MetricValue = z
  .union([finite, z.enum(NON_FINITE)], { error: `a metric value must be a finite number or one of ${NON_FINITE.map((s) => JSON.stringify(s)).join(', ')}` })
  .transform((v) => (typeof v === 'number' ? v : Number(v)));

const TRIAL_STATUSES = ['created', 'running', 'succeeded', 'failed', 'stopped', 'skipped'] as const satisfies readonly TrialStatus[];
const GROUP_STATUSES = ['created', 'running', 'paused', 'stopping', 'stopped', 'done', 'failed'] as const satisfies readonly GroupStatus[];
const EVENT_KINDS = ['promoted', 'stopped', 'pruned', 'failed', 'early-stopping', 'note', 'paused'] as const satisfies readonly TrialEvent['kind'][];

export const GroupRecordSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  source: z.string(),
  seed: int,
  concurrency: int.positive(),
  algorithm: z.string(),
  status: z.enum(GROUP_STATUSES),
  message: z.string().optional(),
  createdAt: finite,
  startedAt: finite.optional(),
  finishedAt: finite.optional(),
  ended: z
    .strictObject({
      kind: z.enum(['exhausted', 'threshold', 'user-stop', 'stop-pending', 'failed', 'paused-by-user', 'storage-fault']),
      message: z.string(),
      trial: int.nonnegative().optional(),
    })
    .optional(),
  state: z.record(z.string(), json).optional(),
});

const MetricSummarySchema = z.strictObject({
  last: MetricValue,
  min: MetricValue,
  max: MetricValue,
  count: int.nonnegative(),
});

const TrialEventSchema = z.strictObject({
  time: finite,
  kind: z.enum(EVENT_KINDS),
  message: z.string(),
});

export const TrialRecordSchema = z.strictObject({
  groupId: z.string().min(1),
  number: int.nonnegative(),
  params: z.record(z.string(), json),
  status: z.enum(TRIAL_STATUSES),
  seed: int,
  createdAt: finite,
  startedAt: finite.optional(),
  finishedAt: finite.optional(),
  message: z.string().optional(),
  metrics: z.record(z.string(), MetricSummarySchema),
  step: finite.optional(),
  resource: finite.optional(),
  parent: int.nonnegative().optional(),
  resumeFrom: int.nonnegative().optional(),
  tags: z.record(z.string(), finite).optional(),
  events: z.array(TrialEventSchema).optional(),
  backend: z.string().optional(),
});

export const StoredReportSchema = z.strictObject({
  groupId: z.string().min(1),
  trial: int.nonnegative(),
  step: finite,
  values: z.record(z.string(), MetricValue),
  time: finite,
});

const BestSchema = z.strictObject({
  trial: int.nonnegative(),
  params: z.record(z.string(), json),
  metric: z.string(),
  value: MetricValue,
});

const CheckpointSchema = z.strictObject({
  trial: int.nonnegative(),
  step: finite,
  meta: z.record(z.string(), json),
  /** base64 (RFC 4648), decoded and checked by the cross-field pass. */
  data: z.string(),
});

export const GroupExportFileSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  group: GroupRecordSchema,
  trials: z.array(TrialRecordSchema),
  reports: z.array(StoredReportSchema),
  best: BestSchema.optional(),
  checkpoints: z.array(CheckpointSchema).optional(),
});

/** The file as parsed by the schema (metric values decoded, checkpoint data still base64). */
export type GroupExportFile = z.output<typeof GroupExportFileSchema>;

/** The best trial of an export by one metric's last value (docs/differences.md, "The last reported value decides"), when the exporter named a metric. */
export interface BestTrial {
  readonly trial: number;
  readonly params: Params;
  readonly metric: string;
  readonly value: number;
}

export interface ExportedCheckpoint {
  readonly trial: number;
  readonly step: number;
  readonly meta: Readonly<Record<string, unknown>>;
  /** The checkpoint bytes in base64 (RFC 4648, section 4). */
  readonly data: string;
}

/** A group export in memory: the engine's own records, plus base64 checkpoints. */
export interface GroupExport {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly group: GroupRecord;
  readonly trials: readonly TrialRecord[];
  readonly reports: readonly StoredReport[];
  readonly best?: BestTrial;
  readonly checkpoints?: readonly ExportedCheckpoint[];
}

// Compile-time guards: the schemas hold exactly the fields of the engine's records, so a
// field added to types.ts or store.ts without a schema change fails `tsc` here rather than
// being silently refused on import (strict objects) or dropped.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : never;
type Out<S extends z.ZodType> = z.output<S>;
const schemaMatchesRecords: [
  SameKeys<Out<typeof GroupRecordSchema>, GroupRecord>,
  SameKeys<Out<typeof TrialRecordSchema>, TrialRecord>,
  SameKeys<Out<typeof StoredReportSchema>, StoredReport>,
  SameKeys<Out<typeof MetricSummarySchema>, MetricSummary>,
  SameKeys<Out<typeof TrialEventSchema>, TrialEvent>,
  SameKeys<Out<typeof BestSchema>, BestTrial>,
  SameKeys<Out<typeof CheckpointSchema>, ExportedCheckpoint>,
  SameKeys<Out<typeof GroupExportFileSchema>, GroupExport>,
] = [true, true, true, true, true, true, true, true];
void schemaMatchesRecords;
