/** Writes data/prompts/concord/arithmetic-4shot.json. Run: npx tsx src/tasks/synthetic/write-exemplars.ts */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ARITHMETIC_EXEMPLAR_FILE, arithmeticExemplarJson } from './exemplars.js';

await mkdir(path.dirname(ARITHMETIC_EXEMPLAR_FILE), { recursive: true });
await writeFile(ARITHMETIC_EXEMPLAR_FILE, arithmeticExemplarJson());
console.log(`wrote ${ARITHMETIC_EXEMPLAR_FILE}`);
