/**
 * Picks the tfjs backend of this worker (issue 5, item 8; TOOLCHAIN.md §6): always set
 * explicitly, `cpu` by default, because tfjs's own choice in a headless browser is
 * SwiftShader WebGL, ~5× slower. `auto` runs a one-time probe (the same small training-
 * like workload on each candidate) and keeps webgl only if it is faster. No WebAssembly.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../engine/spec/types.ts';

let autoChoice: Promise<string> | undefined;

/** Milliseconds for a few dense forward/backward-sized matmuls, after a warm-up. */
async function probe(): Promise<number> {
  const a = tf.randomUniform([256, 256], -1, 1, 'float32', 1);
  try {
    const run = () => tf.tidy(() => tf.matMul(tf.relu(tf.matMul(a, a)), a).sum());
    await run().data(); // warm-up: shader compilation on webgl
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await run().data();
    return performance.now() - t0;
  } finally {
    a.dispose();
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
  const name = requested === 'auto' ? await (autoChoice ??= chooseAuto()) : requested;
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name).catch(() => false);
    if (!ok) throw new Error(`run.backend ${requested}: tfjs backend ${name} is not available here (use cpu)`);
  }
  await tf.ready();
  return tf.getBackend();
}
