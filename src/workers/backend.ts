/**
 * Picks the tfjs backend of this worker (docs/architecture.md, "Workers"): always set
 * explicitly, `cpu` by default, because tfjs's own choice in a headless browser is
 * SwiftShader WebGL, ~5× slower. `auto` runs a one-time probe (the same small training-like
 * workload on each candidate) and keeps webgl only if it is faster. No WebAssembly.
 * Both worker entries (browser Worker, Node worker_threads) come through here, so this is
 * where the cpu backend gets its fast kernels (kernels/index.ts), unless HPTUNE_KERNELS=stock.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../engine/index.ts';
import { fastKernelsWanted, setFastKernels } from './kernels/index.ts';

let autoChoice: Promise<string> | undefined;

/**
 * Milliseconds for a training-like workload: many small ops (a 2-layer net's forward and
 * backward pass on a 32-row batch), where per-op overhead dominates as it does in our
 * trials; large matmuls would flatter a software WebGL renderer.
 */
async function probe(): Promise<number> {
  const x = tf.randomUniform([32, 64], -1, 1, 'float32', 1);
  const [w1, w2] = tf.tidy(() => [tf.variable(tf.randomUniform([64, 64], -0.1, 0.1, 'float32', 2)), tf.variable(tf.randomUniform([64, 10], -0.1, 0.1, 'float32', 3))]);
  const opt = tf.train.sgd(0.01);
  const step = () => opt.minimize(() => tf.matMul(tf.relu(tf.matMul(x, w1)), w2).square().mean() as tf.Scalar, true)!;
  try {
    const timed = async (n: number) => {
      const t0 = performance.now();
      for (let i = 1; i < n; i++) step().dispose();
      const last = step();
      await last.data(); // waits for the queued GPU work too
      last.dispose();
      return performance.now() - t0;
    };
    await timed(1); // warm-up: shader compilation on webgl
    return await timed(20);
  } finally {
    tf.dispose([x, w1, w2]);
    opt.dispose();
  }
}

async function chooseAuto(): Promise<string> {
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs backend cpu failed to initialize');
  const cpu = await probe();
  // setBackend resolves false when a backend cannot initialize here (e.g. webgl in Node).
  if (tf.findBackendFactory('webgl') && (await tf.setBackend('webgl').catch(() => false))) {
    const webgl = await probe();
    if (webgl < cpu) return 'webgl';
  }
  await tf.setBackend('cpu');
  return 'cpu';
}

/** Makes `requested` the active backend; returns the one in use. */
export async function useBackend(requested: BackendName): Promise<string> {
  setFastKernels(fastKernelsWanted()); // before the auto probe, so it times the cpu backend trials will get
  const name = requested === 'auto' ? await (autoChoice ??= chooseAuto()) : requested;
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name).catch(() => false);
    if (!ok) throw new Error(`run.backend ${requested}: tfjs backend ${name} is not available here (use cpu)`);
  }
  await tf.ready();
  return tf.getBackend();
}
