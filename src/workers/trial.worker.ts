// Browser module Worker entry: the trial API behind Comlink; data files come from the app's base URL.
import * as Comlink from 'comlink';
import type { AssetLoader } from './datasets/types.ts';
import { createTrialApi } from './trial-api.ts';

const loadAsset: AssetLoader = async (name) => {
  const url = new URL(`${import.meta.env.BASE_URL}data/${name}`, self.location.origin);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching ${url} failed: HTTP ${res.status}`);
  return res.arrayBuffer();
};

Comlink.expose(createTrialApi({ loadAsset }));
