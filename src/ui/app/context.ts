/**
 * What the composition root hands down with @lit/context (Lit): the engine
 * facade for reads, the live feed views subscribe to, and which groups this tab drives.
 * Views read snapshots through these and send intents up; only the root calls commands.
 */
import { createContext } from '@lit/context';
import type { Engine } from '../../engine/index.ts';
import type { LiveFeed } from './feed.ts';
import type { GroupDrivers } from './drivers.ts';

export interface AppServices {
  readonly engine: Engine;
  readonly feed: LiveFeed;
  readonly drivers: GroupDrivers;
}

export const servicesContext = createContext<AppServices | undefined>(Symbol('hptune-services'));
