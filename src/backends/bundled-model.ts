import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The GGUF shipped in the package (`model/concord-mini.gguf`), one level above src/ and dist/ alike. */
export const BUNDLED_MODEL_PATH = fileURLToPath(new URL('../../model/concord-mini.gguf', import.meta.url));

export function bundledModelPath(): string | undefined {
  return existsSync(BUNDLED_MODEL_PATH) ? BUNDLED_MODEL_PATH : undefined;
}
