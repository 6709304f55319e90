/**
 * Builds the `mlp` and `cnn` models (tfjs-layers) from a validated ModelConfig, with
 * seeded Glorot-uniform kernels so that the same trial seed gives the same initial
 * weights (tfjs initializers draw from Math.random when unseeded).
 */
import * as tf from '@tensorflow/tfjs';
import { rngFor, type ModelName } from '../../engine/index.ts';
import type { DatasetInfo } from '../datasets/info.ts';
import { PURPOSE, tfSeed } from '../random.ts';
import { ParamError, type ModelConfig, type OptimizerName } from './params.ts';

type Shape = DatasetInfo;

export function buildModel(model: ModelName, cfg: ModelConfig, data: Pick<Shape, 'task' | 'inputShape' | 'outputs'>, seed: number): tf.Sequential {
  const init = rngFor(seed, PURPOSE.init);
  const kernel = () => tf.initializers.glorotUniform({ seed: tfSeed(init) });
  const regularizer = cfg.l2 > 0 ? () => tf.regularizers.l2({ l2: cfg.l2 }) : () => undefined;
  const net = tf.sequential();
  const inputShape = [...data.inputShape];

  if (model === 'cnn') {
    if (inputShape.length !== 3) throw new ParamError(`model cnn needs an image dataset (mnist); got one with examples of shape [${inputShape}]`);
    const side = Math.min(inputShape[0], inputShape[1]);
    if (2 ** cfg.convLayers > side) {
      throw new ParamError(`param conv_layers (cnn): ${cfg.convLayers} blocks halve the ${side}-pixel side below 1 (at most ${Math.floor(Math.log2(side))}); got ${cfg.convLayers}`);
    }
    for (let i = 0; i < cfg.convLayers; i++) {
      net.add(
        tf.layers.conv2d({
          ...(i === 0 ? { inputShape } : {}),
          filters: cfg.filters * 2 ** i,
          kernelSize: cfg.kernelSize,
          padding: 'same',
          activation: cfg.activation,
          kernelInitializer: kernel(),
          kernelRegularizer: regularizer(),
        }),
      );
      net.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    }
    net.add(tf.layers.flatten());
  } else if (inputShape.length > 1) {
    net.add(tf.layers.flatten({ inputShape }));
  }

  for (let i = 0; i < cfg.layers; i++) {
    const first = net.layers.length === 0;
    net.add(
      tf.layers.dense({
        ...(first ? { inputShape } : {}),
        units: cfg.units,
        activation: cfg.activation,
        kernelInitializer: kernel(),
        kernelRegularizer: regularizer(),
      }),
    );
    // Unseeded on purpose: a layer seed would repeat one mask every batch; masks come from the epoch's stream (random.ts withRandom).
    if (cfg.dropout > 0) net.add(tf.layers.dropout({ rate: cfg.dropout }));
  }

  const classification = data.task === 'classification';
  net.add(
    tf.layers.dense({
      ...(net.layers.length === 0 ? { inputShape } : {}),
      units: data.outputs,
      activation: classification ? 'softmax' : 'linear',
      kernelInitializer: kernel(),
      kernelRegularizer: regularizer(),
    }),
  );
  return net;
}

export function makeOptimizer(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'adam':
      return tf.train.adam(learningRate);
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    case 'adagrad':
      return tf.train.adagrad(learningRate);
  }
}

/** Compiles with the task's loss; classification also tracks accuracy. */
export function compile(net: tf.Sequential, optimizer: tf.Optimizer, task: Shape['task']): void {
  if (task === 'classification') net.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  else net.compile({ optimizer, loss: 'meanSquaredError' });
}
