/** A dataset as the models see it: plain typed arrays, split once into train and validation. */
export type Task = 'classification' | 'regression';

export interface Split {
  /** n × prod(inputShape) features, row-major. */
  readonly x: Float32Array;
  /** n × outputs targets: one-hot rows for classification, the value for regression. */
  readonly y: Float32Array;
  readonly n: number;
}

export interface Dataset {
  readonly name: string;
  readonly task: Task;
  /** Shape of one example, e.g. [2], [4] or [28, 28, 1]. */
  readonly inputShape: readonly number[];
  /** Width of a target row: the number of classes, or 1 for regression. */
  readonly outputs: number;
  readonly train: Split;
  readonly validation: Split;
}

/** Reads a file shipped under `public/data/` (fetch in a browser, the file system in Node). */
export type AssetLoader = (name: string) => Promise<ArrayBuffer>;
