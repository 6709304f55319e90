#!/usr/bin/env node
// The `hptune` command of the npm package: built to build/cli/hptune.js by vite.cli.config.ts.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
