/**
 * The app-level intents views send up to the root (Lit: data down, typed events
 * up); the root alone turns them into engine calls. Component events (hp-command, ...)
 * are in ../components/events.ts.
 */
import type { GroupCommand } from '../components/events.ts';

export interface AppIntents {
  /** Create a group from spec text, and start it at once when `start`. */
  'hp-create-group': { readonly source: string; readonly start: boolean };
  /** A command for a given group (the groups list's Start, the group view's controls). */
  'hp-group-command': { readonly groupId: string; readonly command: GroupCommand };
  /** Delete a group (the view has asked for confirmation). */
  'hp-delete-group': { readonly groupId: string };
  /** Import a group export file. */
  'hp-import-group': { readonly file: File };
  /** Download a group as JSON (the export format) or its trials as CSV. */
  'hp-export-group': { readonly groupId: string; readonly format: 'json' | 'csv' };
  /** Something to tell the user (e.g. text refused by the editor); `error` goes to an alert. */
  'hp-notice': { readonly message: string; readonly error: boolean };
}

export function intent<K extends keyof AppIntents>(host: EventTarget, type: K, detail: AppIntents[K]): void {
  host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'hp-create-group': CustomEvent<AppIntents['hp-create-group']>;
    'hp-group-command': CustomEvent<AppIntents['hp-group-command']>;
    'hp-delete-group': CustomEvent<AppIntents['hp-delete-group']>;
    'hp-import-group': CustomEvent<AppIntents['hp-import-group']>;
    'hp-export-group': CustomEvent<AppIntents['hp-export-group']>;
    'hp-notice': CustomEvent<AppIntents['hp-notice']>;
  }
}
