// comlink ships no `exports` map and no .d.mts; Node ESM needs the .mjs path (TOOLCHAIN.md §2, pitfall 6).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
