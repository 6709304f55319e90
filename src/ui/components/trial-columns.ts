/**
 * The trials table's columns, sort order and filter, apart from rendering so the
 * element file stays about the DOM (group view: params, status, metric,
 * resource, backend, reason for stop or promotion).
 */
import type { MetricSpec, ParamValue, TrialRecord } from '../../engine/index.ts';
import { formatNumber, formatParam, paramText } from './format.ts';

export type Cell = number | string | undefined;

export interface Column {
  /** `number`, `status`, `metric:<name>`, `param:<key>`, `resource`, `backend`, `reason`. */
  readonly id: string;
  readonly label: string;
  /** Right-aligned with tabular digits. */
  readonly numeric: boolean;
  /** The sortable value. */
  readonly value: (t: TrialRecord) => Cell;
  /** The shown text, and the full text for a title when it was shortened. */
  readonly text: (t: TrialRecord) => string;
  readonly title?: (t: TrialRecord) => string;
}

export type SortDirection = 'ascending' | 'descending';
export interface SortState {
  readonly column: string;
  readonly direction: SortDirection;
}

/** Why a trial ended or moved on: its message, else its last event's, else where a promoted clone came from. */
export function trialReason(t: TrialRecord): string {
  const said = t.message ?? t.events?.[t.events.length - 1]?.message;
  if (said !== undefined) return said;
  if (t.parent === undefined) return '';
  return t.resumeFrom !== undefined ? `promoted from trial ${t.parent}, resumed from its checkpoint` : `promoted from trial ${t.parent}`;
}

function sortableParam(v: ParamValue | undefined): Cell {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? v : paramText(v);
}

const numberText = (v: number | undefined) => (v === undefined ? '' : formatNumber(v));

function metricColumn(name: string, optimization?: MetricSpec['optimization']): Column {
  const arrow = optimization === 'maximize' ? ' ↑' : optimization === 'minimize' ? ' ↓' : '';
  return {
    id: `metric:${name}`,
    label: `${name}${arrow}`,
    numeric: true,
    value: (t) => t.metrics[name]?.last,
    text: (t) => numberText(t.metrics[name]?.last),
    title: (t) => {
      const m = t.metrics[name];
      return m ? `last ${m.last}, min ${m.min}, max ${m.max} over ${m.count} reports` : '';
    },
  };
}

/**
 * Columns for these trials: number, status, the group metric (its last value), the
 * other metrics in name order, each param in first-seen order, then resource, backend and
 * reason when some trial has one (the snapshot's words when `reasonOf` is given).
 */
export function trialColumns(trials: readonly TrialRecord[], metric: MetricSpec | undefined, reasonOf?: (trial: number) => string): Column[] {
  const reason = reasonOf ? (t: TrialRecord) => reasonOf(t.number) : trialReason;
  const metricNames = new Set<string>();
  const paramKeys = new Set<string>();
  for (const t of trials) {
    for (const k of Object.keys(t.metrics)) metricNames.add(k);
    for (const k of Object.keys(t.params)) paramKeys.add(k);
  }
  if (metric) metricNames.delete(metric.name);
  const columns: Column[] = [
    { id: 'number', label: '#', numeric: true, value: (t) => t.number, text: (t) => String(t.number) },
    { id: 'status', label: 'status', numeric: false, value: (t) => t.status, text: (t) => t.status },
  ];
  if (metric) columns.push(metricColumn(metric.name, metric.optimization));
  for (const name of [...metricNames].sort()) columns.push(metricColumn(name));
  for (const key of paramKeys) {
    columns.push({
      id: `param:${key}`,
      label: key,
      numeric: trials.every((t) => t.params[key] === undefined || typeof t.params[key] === 'number'),
      value: (t) => sortableParam(t.params[key]),
      text: (t) => formatParam(t.params[key]),
      title: (t) => paramText(t.params[key]),
    });
  }
  const tail: Column[] = [
    { id: 'resource', label: 'resource', numeric: true, value: (t) => t.resource, text: (t) => numberText(t.resource) },
    { id: 'backend', label: 'backend', numeric: false, value: (t) => t.backend, text: (t) => t.backend ?? '' },
    { id: 'reason', label: 'reason', numeric: false, value: (t) => reason(t) || undefined, text: reason },
  ];
  // A column no trial fills (no resource outside Hyperband/ASHA, no backend for objective
  // functions, no reason yet) is left out: an empty column reads as missing data.
  columns.push(...tail.filter((c) => trials.some((t) => c.value(t) !== undefined)));
  return columns;
}

/** The direction a first click sorts in: best first for the group metric, else ascending. */
export function firstDirection(columnId: string, metric: MetricSpec | undefined): SortDirection {
  return metric && columnId === `metric:${metric.name}` && metric.optimization === 'maximize' ? 'descending' : 'ascending';
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Orders two cells; missing values go last in either direction, ties by trial number. */
function compareCells(a: Cell, b: Cell): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a ?? '', b ?? '');
}

export function sortTrials(trials: readonly TrialRecord[], column: Column | undefined, direction: SortDirection): TrialRecord[] {
  const sign = direction === 'ascending' ? 1 : -1;
  if (!column) return [...trials].sort((a, b) => a.number - b.number);
  const keyed = trials.map((t) => ({ t, v: column.value(t) }));
  keyed.sort((x, y) => {
    if (x.v === undefined || y.v === undefined) return (x.v === undefined ? 1 : 0) - (y.v === undefined ? 1 : 0) || x.t.number - y.t.number;
    return sign * compareCells(x.v, y.v) || x.t.number - y.t.number;
  });
  return keyed.map((k) => k.t);
}

/** The text a filter matches against: the status and each `key=value` of the params. */
export function filterText(t: TrialRecord): string {
  const parts: string[] = [t.status];
  for (const [k, v] of Object.entries(t.params)) parts.push(`${k}=${paramText(v)}`);
  return parts.join(' ').toLowerCase();
}

/** Trials whose filter text contains every whitespace-separated word of `query` (case-insensitive). */
export function filterTrials(trials: readonly TrialRecord[], query: string, textOf: (t: TrialRecord) => string = filterText): readonly TrialRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return trials;
  return trials.filter((t) => {
    const text = textOf(t);
    return words.every((w) => text.includes(w));
  });
}
