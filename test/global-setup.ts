import { ensureTinyModel } from './models/tiny-model.js';

// Builds the random-weight test GGUF once per test run.
export async function setup(): Promise<void> {
  await ensureTinyModel();
}
