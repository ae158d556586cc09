import { fileURLToPath } from 'node:url';

/**
 * The folder of the shipped prompt data. This module sits one level below the package root in both layouts
 * (src/prompts under tsx and vitest, dist/prompts after the build), so `../../data/prompts` works from both.
 */
export const promptsDataDir: string = fileURLToPath(new URL('../../data/prompts/', import.meta.url));
