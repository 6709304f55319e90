/**
 * What each dataset is, as data (no tfjs, no loading), so that `check` can tell which
 * metrics a `run: {model, dataset}` section reports.
 */
import type { DatasetName } from '../../engine/index.ts';
import type { Task } from './types.ts';

export interface DatasetInfo {
  readonly task: Task;
  /** Shape of one example. */
  readonly inputShape: readonly number[];
  /** Classes, or 1 for regression. */
  readonly outputs: number;
  readonly trainSize: number;
  readonly validationSize: number;
}

export const DATASET_INFO: Readonly<Record<DatasetName, DatasetInfo>> = {
  mnist: { task: 'classification', inputShape: [28, 28, 1], outputs: 10, trainSize: 8000, validationSize: 2000 },
  iris: { task: 'classification', inputShape: [4], outputs: 3, trainSize: 120, validationSize: 30 },
  circle: { task: 'classification', inputShape: [2], outputs: 2, trainSize: 800, validationSize: 200 },
  xor: { task: 'classification', inputShape: [2], outputs: 2, trainSize: 800, validationSize: 200 },
  gaussians: { task: 'classification', inputShape: [2], outputs: 2, trainSize: 800, validationSize: 200 },
  spiral: { task: 'classification', inputShape: [2], outputs: 2, trainSize: 800, validationSize: 200 },
  plane: { task: 'regression', inputShape: [2], outputs: 1, trainSize: 800, validationSize: 200 },
};

/** The metrics a model trial reports every epoch: loss and val_loss, plus accuracies for classification. */
export function metricNames(dataset: DatasetName): readonly string[] {
  return DATASET_INFO[dataset].task === 'classification' ? ['loss', 'val_loss', 'accuracy', 'val_accuracy'] : ['loss', 'val_loss'];
}
