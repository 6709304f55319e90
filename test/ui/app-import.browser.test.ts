/**
 * Importing a group in the app (Chromium): a file whose summaries disagree with its reports
 * is refused with the field, the stored value and the value the reports give, and nothing
 * is written; the untouched file imports.
 */
import { describe, expect, it } from 'vitest';
import { Engine, MemoryStore, type TrialRunner } from '../../src/engine/index.ts';
import { LiveFeed } from '../../src/ui/app/feed.ts';
import { GroupDrivers } from '../../src/ui/app/drivers.ts';
import type { HptuneApp } from '../../src/ui/app.ts';
import '../../src/ui/app.ts';

/** val_accuracy of trial n at steps 1..3: trial 0 ends at 0.58. */
const runner: TrialRunner = {
  async run(job, report) {
    const curve = job.trial === 0 ? [0.31, 0.47, 0.58] : [0.4, 0.55, 0.6 + job.trial / 100];
    for (const [i, acc] of curve.entries()) await report({ step: i + 1, values: { val_accuracy: acc } });
    return { kind: 'completed' };
  },
};

const SPEC = `version: 1
kind: group
hptuning:
  seed: 7
  matrix:
    lr: {values: [0.1, 0.01, 0.001]}
  early_stopping:
    - {metric: val_accuracy, value: 0.99, optimization: maximize}
run: {code: "async (params, report) => 0"}
`;

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`never happened: ${what}`);
};

async function mount(): Promise<{ app: HptuneApp; engine: Engine; store: MemoryStore }> {
  const store = new MemoryStore();
  const engine = new Engine({ store, runner });
  const feed = new LiveFeed(engine, `import-${crypto.randomUUID()}`);
  const app = document.createElement('hptune-app') as HptuneApp;
  app.services = { engine, feed, drivers: new GroupDrivers(engine, feed, () => {}) };
  document.body.append(app);
  await app.updateComplete;
  return { app, engine, store };
}

const importFile = (app: HptuneApp, name: string, text: string) =>
  app.dispatchEvent(new CustomEvent('hp-import-group', { detail: { file: new File([text], name, { type: 'application/json' }) } }));

describe('import in the app', () => {
  it("refuses val_accuracy.last changed to 0.99 (its reports end at 0.58), names the field and writes nothing; the real file imports", async () => {
    const source = new Engine({ store: new MemoryStore(), runner });
    const created = await source.create(SPEC);
    if (!created.ok) throw new Error('invalid spec');
    await source.run(created.group.id);
    const text = (await source.exportGroup(created.group.id)).text;
    const tampered = JSON.parse(text);
    tampered.trials[0].metrics.val_accuracy.last = 0.99;

    const { app, store } = await mount();
    const alertText = () => app.shadowRoot!.querySelector('[role="alert"]')?.textContent ?? '';
    importFile(app, 'edited.hptune.json', JSON.stringify(tampered));
    await until(() => alertText().includes('edited.hptune.json'), 'the refusal is shown');
    expect(alertText()).toContain('edited.hptune.json was refused, so nothing was imported');
    expect(alertText()).toContain('trials[0].metrics.val_accuracy.last: the file stores 0.99, but the reports of trial 0 give 0.58');
    expect(await store.listGroups()).toEqual([]);

    importFile(app, 'real.hptune.json', text);
    await until(() => app.shadowRoot!.querySelector('#announcer')?.textContent?.includes('Imported') ?? false, 'the import is announced');
    expect((await store.listGroups()).map((g) => g.id)).toEqual([created.group.id]);
    app.remove();
  });
});
