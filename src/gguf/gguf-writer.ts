import { open } from 'node:fs/promises';
import { InvalidArgumentError } from '../spec/errors/index.js';
import {
  GGML_TYPE_BYTES,
  GGML_TYPE_ID,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GgufValueType,
  type GgufFile,
  type GgufTensor,
  type GgufValue,
} from './gguf-types.js';

/** Grows a byte buffer as values are appended, little-endian as GGUF requires. */
class ByteSink {
  #buffer = Buffer.alloc(1 << 16);
  length = 0;

  #reserve(bytes: number): void {
    if (this.length + bytes <= this.#buffer.length) return;
    const next = Buffer.alloc(Math.max(this.#buffer.length * 2, this.length + bytes));
    this.#buffer.copy(next, 0, 0, this.length);
    this.#buffer = next;
  }
  u8(v: number): void { this.#reserve(1); this.#buffer.writeUInt8(v, this.length); this.length += 1; }
  i8(v: number): void { this.#reserve(1); this.#buffer.writeInt8(v, this.length); this.length += 1; }
  u16(v: number): void { this.#reserve(2); this.#buffer.writeUInt16LE(v, this.length); this.length += 2; }
  i16(v: number): void { this.#reserve(2); this.#buffer.writeInt16LE(v, this.length); this.length += 2; }
  u32(v: number): void { this.#reserve(4); this.#buffer.writeUInt32LE(v, this.length); this.length += 4; }
  i32(v: number): void { this.#reserve(4); this.#buffer.writeInt32LE(v, this.length); this.length += 4; }
  f32(v: number): void { this.#reserve(4); this.#buffer.writeFloatLE(v, this.length); this.length += 4; }
  f64(v: number): void { this.#reserve(8); this.#buffer.writeDoubleLE(v, this.length); this.length += 8; }
  u64(v: number | bigint): void { this.#reserve(8); this.#buffer.writeBigUInt64LE(BigInt(v), this.length); this.length += 8; }
  i64(v: number | bigint): void { this.#reserve(8); this.#buffer.writeBigInt64LE(BigInt(v), this.length); this.length += 8; }
  string(s: string): void {
    const bytes = Buffer.from(s, 'utf8');
    this.u64(bytes.length);
    this.#reserve(bytes.length);
    bytes.copy(this.#buffer, this.length);
    this.length += bytes.length;
  }
  pad(alignment: number): void {
    const padding = (alignment - (this.length % alignment)) % alignment;
    this.#reserve(padding);
    this.#buffer.fill(0, this.length, this.length + padding);
    this.length += padding;
  }
  bytes(): Buffer { return this.#buffer.subarray(0, this.length); }
}

const SCALAR_TYPE_ID = {
  u8: GgufValueType.Uint8, i8: GgufValueType.Int8, u16: GgufValueType.Uint16, i16: GgufValueType.Int16,
  u32: GgufValueType.Uint32, i32: GgufValueType.Int32, f32: GgufValueType.Float32, u64: GgufValueType.Uint64,
  i64: GgufValueType.Int64, f64: GgufValueType.Float64,
} as const;

type ScalarName = keyof typeof SCALAR_TYPE_ID;

function writeScalar(sink: ByteSink, type: ScalarName, value: number | bigint): void {
  const n = Number(value);
  switch (type) {
    case 'u8': return sink.u8(n);
    case 'i8': return sink.i8(n);
    case 'u16': return sink.u16(n);
    case 'i16': return sink.i16(n);
    case 'u32': return sink.u32(n);
    case 'i32': return sink.i32(n);
    case 'f32': return sink.f32(n);
    case 'f64': return sink.f64(n);
    case 'u64': return sink.u64(value);
    case 'i64': return sink.i64(value);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  if (typeof value === 'string') {
    sink.u32(GgufValueType.String);
    sink.string(value);
  } else if (typeof value === 'boolean') {
    sink.u32(GgufValueType.Bool);
    sink.u8(value ? 1 : 0);
  } else if (value.type === 'array') {
    sink.u32(GgufValueType.Array);
    if (value.itemType === 'string') {
      sink.u32(GgufValueType.String);
      sink.u64(value.items.length);
      for (const item of value.items) sink.string(item);
    } else {
      sink.u32(SCALAR_TYPE_ID[value.itemType]);
      sink.u64(value.items.length);
      for (let i = 0; i < value.items.length; i++) writeScalar(sink, value.itemType, value.items[i] as number);
    }
  } else {
    sink.u32(SCALAR_TYPE_ID[value.type]);
    writeScalar(sink, value.type, value.value);
  }
}

function checkTensor(tensor: GgufTensor, seen: Set<string>): void {
  const problems: { path: string[]; message: string }[] = [];
  if (seen.has(tensor.name)) problems.push({ path: ['tensors', tensor.name], message: 'duplicate tensor name' });
  seen.add(tensor.name);
  const elements = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.dims.length === 0 || tensor.dims.length > 4 || tensor.dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    problems.push({ path: ['tensors', tensor.name, 'dims'], message: `must be 1 to 4 positive integers, got [${tensor.dims.join(', ')}]` });
  } else if (typeof tensor.data !== 'function' && elements !== tensor.data.length) {
    problems.push({ path: ['tensors', tensor.name, 'data'], message: `has ${tensor.data.length} values, dims [${tensor.dims.join(', ')}] need ${elements}` });
  }
  if (problems.length > 0) throw new InvalidArgumentError(problems);
}

/** Encodes the header (magic, metadata, tensor infos) and returns it with each tensor's offset in the data section. */
function encodeHeader(file: GgufFile, alignment: number): Buffer {
  const sink = new ByteSink();
  const metadata = new Map(file.metadata instanceof Map ? file.metadata : Object.entries(file.metadata));
  if (alignment !== GGUF_DEFAULT_ALIGNMENT) metadata.set('general.alignment', { type: 'u32', value: alignment });
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(file.tensors.length);
  sink.u64(metadata.size);
  for (const [key, value] of metadata) {
    sink.string(key);
    writeValue(sink, value);
  }
  const seen = new Set<string>();
  let offset = 0;
  for (const tensor of file.tensors) {
    checkTensor(tensor, seen);
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_ID[tensor.type]);
    sink.u64(offset);
    offset += alignUp(elementCount(tensor) * GGML_TYPE_BYTES[tensor.type], alignment);
  }
  sink.pad(alignment);
  return Buffer.from(sink.bytes());
}

function elementCount(tensor: GgufTensor): number {
  return tensor.dims.reduce((a, b) => a * b, 1);
}

function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

function encodeTensorData(tensor: GgufTensor): Buffer {
  const data = typeof tensor.data === 'function' ? tensor.data() : tensor.data;
  if (data.length !== elementCount(tensor)) {
    throw new InvalidArgumentError([{ path: ['tensors', tensor.name, 'data'], message: `has ${data.length} values, dims [${tensor.dims.join(', ')}] need ${elementCount(tensor)}` }]);
  }
  if (tensor.type === 'f32') return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const out = Buffer.alloc(data.length * 2);
  for (let i = 0; i < data.length; i++) out.writeUInt16LE(float32ToFloat16Bits(data[i] as number), i * 2);
  return out;
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);

/** IEEE 754 half precision, rounding to nearest even (Node 20 has no Float16Array). */
export function float32ToFloat16Bits(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf or NaN
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow to Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mantissa |= 0x800000;
    const shift = 14 - e;
    let half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half++;
  if ((half & 0x7c00) === 0x7c00) e = 0x1f; // rounding carried into Inf
  return sign | (e === 0x1f ? 0x7c00 : half);
}

/** Writes a GGUF v3 file. Tensors are streamed one by one so a large model never sits twice in memory. */
export async function writeGguf(path: string, file: GgufFile): Promise<{ bytes: number }> {
  const alignment = file.alignment ?? GGUF_DEFAULT_ALIGNMENT;
  const header = encodeHeader(file, alignment);
  const handle = await open(path, 'w');
  try {
    let position = 0;
    await handle.write(header, 0, header.length, position);
    position += header.length;
    for (const tensor of file.tensors) {
      const data = encodeTensorData(tensor);
      await handle.write(data, 0, data.length, position);
      position += alignUp(data.length, alignment);
    }
    await handle.truncate(position);
    return { bytes: position };
  } finally {
    await handle.close();
  }
}
