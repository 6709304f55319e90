/**
 * The 2-D toy datasets of TensorFlow Playground (github.com/tensorflow/playground,
 * src/dataset.ts by D. Smilkov and S. Carter), with the same generators and constants;
 * labels +1/−1 become classes 1/0. Each set is drawn from a fixed stream, so every trial
 * of every group sees the same points; 1000 points, noise 0.1, 80 % train / 20 % validation.
 */
import { permutation, rngFor, type Rng } from '../../engine/index.ts';
import { PURPOSE } from '../random.ts';
import type { Dataset, Task } from './types.ts';

export const SYNTHETIC = ['circle', 'xor', 'gaussians', 'spiral', 'plane'] as const;
export type SyntheticName = (typeof SYNTHETIC)[number];

const N = 1000;
const NOISE = 0.1;
const TRAIN_FRACTION = 0.8;
/** Fixed key of the data streams (a dataset is part of the problem, not of a trial). */
const DATA_SEED = 20161;

type Point = readonly [x: number, y: number, label: number];

const uniform = (s: Rng, a: number, b: number) => a + s.next() * (b - a);

/** classifyCircleData: inner disc (r < 2.5) is +1, the ring 3.5 < r < 5 is −1. */
function circle(s: Rng): Point[] {
  const radius = 5;
  const label = (x: number, y: number) => (Math.hypot(x, y) < radius * 0.5 ? 1 : -1);
  const pts: Point[] = [];
  const ring = (rMin: number, rMax: number) => {
    for (let i = 0; i < N / 2; i++) {
      const r = uniform(s, rMin, rMax);
      const angle = uniform(s, 0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const nx = uniform(s, -radius, radius) * NOISE;
      const ny = uniform(s, -radius, radius) * NOISE;
      pts.push([x, y, label(x + nx, y + ny)]);
    }
  };
  ring(0, radius * 0.5);
  ring(radius * 0.7, radius);
  return pts;
}

/** classifyXORData: quadrants, pushed 0.3 away from the axes; label sign(x·y). */
function xor(s: Rng): Point[] {
  const padding = 0.3;
  const pts: Point[] = [];
  for (let i = 0; i < N; i++) {
    let x = uniform(s, -5, 5);
    x += x > 0 ? padding : -padding;
    let y = uniform(s, -5, 5);
    y += y > 0 ? padding : -padding;
    const nx = uniform(s, -5, 5) * NOISE;
    const ny = uniform(s, -5, 5) * NOISE;
    pts.push([x, y, (x + nx) * (y + ny) >= 0 ? 1 : -1]);
  }
  return pts;
}

/** classifyTwoGaussData: clusters at (2, 2) (+1) and (−2, −2) (−1); variance 0.5 + 7·noise. */
function gaussians(s: Rng): Point[] {
  const variance = 0.5 + (NOISE / 0.5) * 3.5; // d3 linear scale [0, 0.5] → [0.5, 4]
  const pts: Point[] = [];
  const cluster = (cx: number, cy: number, label: number) => {
    for (let i = 0; i < N / 2; i++) {
      pts.push([cx + Math.sqrt(variance) * s.normal(), cy + Math.sqrt(variance) * s.normal(), label]);
    }
  };
  cluster(2, 2, 1);
  cluster(-2, -2, -1);
  return pts;
}

/** classifySpiralData: two interleaved spirals, 1.75 turns, radius 5. */
function spiral(s: Rng): Point[] {
  const n = N / 2;
  const pts: Point[] = [];
  const arm = (deltaT: number, label: number) => {
    for (let i = 0; i < n; i++) {
      const r = (i / n) * 5;
      const t = ((1.75 * i) / n) * 2 * Math.PI + deltaT;
      pts.push([r * Math.sin(t) + uniform(s, -1, 1) * NOISE, r * Math.cos(t) + uniform(s, -1, 1) * NOISE, label]);
    }
  };
  arm(0, 1);
  arm(Math.PI, -1);
  return pts;
}

/** regressPlane: target (x + y) / 10 on [−6, 6]², measured at a noisy point. */
function plane(s: Rng): Point[] {
  const radius = 6;
  const pts: Point[] = [];
  for (let i = 0; i < N; i++) {
    const x = uniform(s, -radius, radius);
    const y = uniform(s, -radius, radius);
    const nx = uniform(s, -radius, radius) * NOISE;
    const ny = uniform(s, -radius, radius) * NOISE;
    pts.push([x, y, (x + nx + y + ny) / 10]);
  }
  return pts;
}

const GENERATORS: Record<SyntheticName, { readonly task: Task; readonly make: (s: Rng) => Point[] }> = {
  circle: { task: 'classification', make: circle },
  xor: { task: 'classification', make: xor },
  gaussians: { task: 'classification', make: gaussians },
  spiral: { task: 'classification', make: spiral },
  plane: { task: 'regression', make: plane },
};

export function syntheticDataset(name: SyntheticName): Dataset {
  const { task, make } = GENERATORS[name];
  const s = rngFor(DATA_SEED, PURPOSE.dataset, SYNTHETIC.indexOf(name));
  const pts = make(s);
  // Shuffle with the same stream, then split (Playground also shuffles before splitting).
  const order = permutation(pts.length, s);
  const outputs = task === 'classification' ? 2 : 1;
  const pack = (idx: ArrayLike<number>) => {
    const x = new Float32Array(idx.length * 2);
    const y = new Float32Array(idx.length * outputs);
    Array.from(idx, (k) => pts[k]).forEach(([px, py, label], i) => {
      x[2 * i] = px;
      x[2 * i + 1] = py;
      if (task === 'classification') y[i * 2 + (label > 0 ? 1 : 0)] = 1;
      else y[i] = label;
    });
    return { x, y, n: idx.length };
  };
  const nTrain = Math.round(pts.length * TRAIN_FRACTION);
  return { name, task, inputShape: [2], outputs, train: pack(order.subarray(0, nTrain)), validation: pack(order.subarray(nTrain)) };
}
