import type { Context } from 'hono';
import { InvalidArgumentError } from '../spec/errors/index.js';

/** The request body as JSON; anything else is a 400 that says what was wrong with it. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new InvalidArgumentError([{ path: [], message: 'the request body is empty; send a JSON object' }]);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidArgumentError([{ path: [], message: `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}
