// comlink ships no `exports` map and no .d.mts; Node ESM needs the .mjs path.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
