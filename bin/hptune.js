#!/usr/bin/env node
// The `hptune` command. In the repository it runs the TypeScript sources through tsx
// (src/cli/hptune.js), so a change needs no build; the npm package ships no src/ and runs
// the build in build/cli (docs/library.md, "Building the package").
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/hptune.js', import.meta.url);
await import(existsSync(source) ? source.href : new URL('../build/cli/hptune.js', import.meta.url).href);
