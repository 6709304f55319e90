/**
 * Trains a built-in model as a trial (5, 6): builds it from the params,
 * trains one epoch at a time to `epochs` (the resource), reports `loss`, `val_loss` (and
 * `accuracy`, `val_accuracy` for classification) after each epoch, and obeys the answer
 * there (answers take effect at the next epoch boundary). On finish or pause it
 * hands back a checkpoint; a job given one continues from its step (docs/differences.md, "Resuming a promoted trial").
 *
 * Determinism: the shuffle and the dropout masks of epoch e come from streams keyed by
 * (seed, e), so a run resumed at epoch k sees exactly the draws of an uninterrupted one.
 * Everything tfjs allocates is disposed (the optimizer too).
 */
import * as tf from '@tensorflow/tfjs';
import {
  permutation,
  rngFor,
  type Decision,
  type ReportFn,
  type RunSpec,
  type TrialJob,
  type TrialOutcome,
} from '../../engine/index.ts';
import { loadDataset, type AssetLoader, type Split } from '../datasets/index.ts';
import { PURPOSE, withRandom } from '../random.ts';
import { buildModel, compile, makeOptimizer } from './build.ts';
import { restoreCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { parseModelParams } from './params.ts';

type ModelRun = Extract<RunSpec, { kind: 'model' }>;

class TrainingError extends Error {
  override readonly name = 'TrainingError';
}

function tensors(split: Split, n: number, inputShape: readonly number[], outputs: number): [tf.Tensor, tf.Tensor] {
  const width = inputShape.reduce((a, b) => a * b, 1);
  return [tf.tensor(split.x.subarray(0, n * width), [n, ...inputShape]), tf.tensor2d(split.y.subarray(0, n * outputs), [n, outputs])];
}

async function scalars(ts: tf.Scalar | tf.Scalar[]): Promise<number[]> {
  const list = Array.isArray(ts) ? ts : [ts];
  const values = await Promise.all(list.map(async (t) => (await t.data())[0]));
  tf.dispose(list);
  return values;
}

export async function trainModel(job: TrialJob, run: ModelRun, backend: string, report: ReportFn, loadAsset: AssetLoader): Promise<TrialOutcome> {
  const cfg = parseModelParams(run.model, job.params);
  const data = await loadDataset(run.dataset, loadAsset);
  const nTrain = run.samples !== undefined ? Math.min(run.samples, data.train.n) : data.train.n;
  if (!(nTrain >= 1)) throw new TrainingError(`run.samples must be ≥ 1; got ${run.samples}`);
  const classification = data.task === 'classification';

  const net = buildModel(run.model, cfg, data, job.seed);
  const optimizer = makeOptimizer(cfg.optimizer, cfg.learningRate);
  const [xTrain, yTrain] = tensors(data.train, nTrain, data.inputShape, data.outputs);
  const [xVal, yVal] = tensors(data.validation, data.validation.n, data.inputShape, data.outputs);
  try {
    compile(net, optimizer, data.task);
    if (job.checkpoint) await restoreCheckpoint(net, optimizer, job.checkpoint);
    let epoch = job.checkpoint?.step ?? 0;
    let decision: Decision = 'continue';

    const trainEpoch = async (): Promise<Record<string, number>> => {
      const order = tf.tensor1d(permutation(nTrain, rngFor(job.seed, PURPOSE.shuffle, epoch)), 'int32');
      const xs = tf.gather(xTrain, order);
      const ys = tf.gather(yTrain, order);
      order.dispose();
      try {
        const h = await withRandom(rngFor(job.seed, PURPOSE.dropout, epoch), () =>
          net.fit(xs, ys, { epochs: 1, batchSize: cfg.batchSize, shuffle: false, verbose: 0 }),
        );
        const acc = h.history.acc ?? h.history.accuracy;
        return classification ? { loss: h.history.loss[0] as number, accuracy: acc[0] as number } : { loss: h.history.loss[0] as number };
      } finally {
        tf.dispose([xs, ys]);
      }
    };
    const evaluate = async (x: tf.Tensor, y: tf.Tensor, prefix: string): Promise<Record<string, number>> => {
      const [loss, acc] = await scalars(net.evaluate(x, y, { batchSize: 1024 }) as tf.Scalar | tf.Scalar[]);
      return classification ? { [`${prefix}loss`]: loss, [`${prefix}accuracy`]: acc } : { [`${prefix}loss`]: loss };
    };
    const send = async (values: Record<string, number>): Promise<Decision> => {
      for (const [k, v] of Object.entries(values)) {
        if (!Number.isFinite(v)) throw new TrainingError(`${k} is ${v} at epoch ${epoch}: training diverged (learning_rate ${cfg.learningRate} too large?)`);
      }
      return report({ step: epoch, values });
    };

    if (epoch >= cfg.epochs) {
      // Resumed at (or past) its budget: nothing to train, but the group needs this trial's metrics.
      decision = await send({ ...(await evaluate(xTrain, yTrain, '')), ...(await evaluate(xVal, yVal, 'val_')) });
    }
    while (epoch < cfg.epochs && decision === 'continue') {
      const values = await trainEpoch();
      epoch++;
      decision = await send({ ...values, ...(await evaluate(xVal, yVal, 'val_')) });
    }
    const meta = { model: run.model, dataset: run.dataset, backend };
    const checkpoint = decision === 'stop' ? undefined : await saveCheckpoint(net, optimizer, epoch, meta);
    const extra = checkpoint ? { checkpoint } : {};
    return decision === 'continue' ? { kind: 'completed', backend, ...extra } : { kind: 'halted', decision, backend, ...extra };
  } finally {
    net.dispose();
    optimizer.dispose();
    tf.dispose([xTrain, yTrain, xVal, yVal]);
  }
}
