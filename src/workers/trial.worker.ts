// Browser module Worker entry: the trial API behind Comlink; data files come from the app's base URL.
import * as Comlink from 'comlink';
import type { AssetLoader } from './datasets/types.ts';
import { createTrialApi } from './trial-api.ts';

/**
 * The app's folder. A built app has a relative base ('./', so it runs under any path of any
 * static host, docs/deploy.md): that is relative to the page, one folder up from the assets/
 * folder this worker is built into; the dev server's base is absolute.
 */
function appFolder(): URL {
  const base = import.meta.env.BASE_URL;
  return base.startsWith('/') ? new URL(base, self.location.origin) : new URL(`../${base}`, self.location.href);
}

const loadAsset: AssetLoader = async (name) => {
  const url = new URL(`data/${name}`, appFolder());
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching ${url} failed: HTTP ${res.status}`);
  return res.arrayBuffer();
};

Comlink.expose(createTrialApi({ loadAsset }));
