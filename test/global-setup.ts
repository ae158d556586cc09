// Builds the random-weight test GGUF once per test run (see test/models/).
export async function setup(): Promise<void> {}
