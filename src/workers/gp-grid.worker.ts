// Browser module Worker entry: the GP view's grid evaluation (gp-grid.ts) behind Comlink.
import * as Comlink from 'comlink';
import { GpGrid, type GpGridJob, type GpStepJob } from './gp-grid.ts';

const grid = new GpGrid();

const api = {
  evaluate(job: GpGridJob) {
    const out = grid.evaluate(job);
    return out ? Comlink.transfer(out, out.map((a) => a.buffer as ArrayBuffer)) : undefined;
  },
  describe(job: GpStepJob) {
    return grid.describe(job);
  },
};

export type GpGridApi = typeof api;

Comlink.expose(api);
