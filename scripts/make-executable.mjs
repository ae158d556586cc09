// Marks the built CLI entry executable (npm does this on install; a local build needs it too).
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
