// Node worker_threads entry: the trial API behind Comlink's node adapter.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { parentPort } from 'node:worker_threads';
import { nodeAssetLoader } from './assets.node.ts';
import { createTrialApi } from './trial-api.ts';

if (!parentPort) throw new Error('trial.node.ts must run in a worker_threads Worker');
Comlink.expose(createTrialApi({ loadAsset: nodeAssetLoader }), nodeEndpoint(parentPort));
