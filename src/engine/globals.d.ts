// The engine compiles against ES2022 only (no DOM, no Node types), so that it stays pure.
// These few host globals exist in every runtime hptune targets (browsers, workers, Node ≥ 17).
declare function structuredClone<T>(value: T): T;
declare function setTimeout(fn: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const performance: { now(): number };
