/**
 * Groups that go away or arrive, in Chromium with real engines, MemoryStores, feeds and the
 * root element: a group view whose group another tab deletes says there is no such group
 * (instead of its last state), and shows the group once it is imported again; the groups
 * list reads no reports.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/engine/store/memory.ts';
import type { HptuneApp } from '../../src/ui/app.ts';
import { InProcessRunner } from '../../src/workers/inprocess.ts';
import { appTab, closeTabs, mountApp } from './app-tabs.ts';

const SPEC = `version: 1
kind: group
name: four
params: {epochs: 3}
hptuning:
  seed: 2
  random_search: {n_experiments: 4}
  matrix:
    x1: {uniform: [0, 1]}
    x2: {uniform: [0, 1]}
    x3: {uniform: [0, 1]}
    x4: {values: [0.1, 0.2]}
run:
  objective: lc4
`;

/** A MemoryStore that counts the reads of reports. */
class CountingStore extends MemoryStore {
  reportReads = 0;
  override listReports(...args: Parameters<MemoryStore['listReports']>) {
    this.reportReads++;
    return super.listReports(...args);
  }
}

const tab = (store: MemoryStore, channel: string) => appTab(store, channel, new InProcessRunner());

afterEach(closeTabs);

const viewText = (app: HptuneApp) => (app.shadowRoot!.querySelector('hp-group-view')?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');

describe('a group view whose group goes away', () => {
  it('says there is no such group when another tab deletes it, and shows it again once imported', async () => {
    const store = new MemoryStore();
    const channel = `gone-${Math.random()}`;
    const a = tab(store, channel);
    const b = tab(store, channel);
    await a.engine.create(SPEC, { id: 'g' });
    await a.engine.run('g');
    const file = await a.engine.exportGroup('g');
    const follower = await mountApp(b.services, '#/group/g');
    await expect.poll(() => viewText(follower)).toMatch(/four random · seed 2/);

    // Tab A deletes it through its root element, as its delete button does.
    const deleter = await mountApp(a.services, '#/');
    deleter.dispatchEvent(new CustomEvent('hp-delete-group', { detail: { groupId: 'g' }, bubbles: true, composed: true }));
    await expect.poll(() => viewText(follower), { timeout: 5_000 }).toContain('There is no group g in this browser.');
    expect(viewText(follower)).not.toMatch(/seed 2/);

    const imported = await a.engine.importGroup(file.text);
    expect(imported.ok && imported.group.id).toBe('g');
    a.feed.publish({ type: 'groups', groupId: 'g' });
    await expect.poll(() => viewText(follower), { timeout: 5_000 }).toMatch(/four random · seed 2/);
    expect(viewText(follower)).not.toContain('There is no group');
  });
});

describe('the groups list', () => {
  it('shows each group from its summaries without reading any report', async () => {
    const store = new CountingStore();
    const a = tab(store, `list-${Math.random()}`);
    await a.engine.create(SPEC, { id: 'g' });
    await a.engine.run('g');
    store.reportReads = 0;
    const app = await mountApp(a.services, '#/');
    const list = () => (app.shadowRoot!.querySelector('hp-groups-view')?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
    // The row shows the snapshot's progress and best value once it arrived.
    await expect.poll(() => list()).toMatch(/four random done 4 \/ 4 loss \d/);
    expect(store.reportReads).toBe(0);
  });
});
