#!/usr/bin/env node
// The `hptune` command. The CLI is TypeScript run through tsx's loader,
// so there is no separate build step for it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
