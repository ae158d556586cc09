// Writes the random-weight test model (test/.models/tiny-random-char.gguf) and prints its path.
import { ensureTinyModel } from '../test/models/tiny-model.js';

console.log(await ensureTinyModel());
