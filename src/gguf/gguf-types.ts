/** The parts of the GGUF v3 format Concord writes (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md). */

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** Metadata value types, numbered as in the GGUF spec. */
export const enum GgufValueType {
  Uint8 = 0,
  Int8 = 1,
  Uint16 = 2,
  Int16 = 3,
  Uint32 = 4,
  Int32 = 5,
  Float32 = 6,
  Bool = 7,
  String = 8,
  Array = 9,
  Uint64 = 10,
  Int64 = 11,
  Float64 = 12,
}

/** Tensor element types Concord writes (ggml_type numbers). */
export type GgmlTensorType = 'f32' | 'f16';
export const GGML_TYPE_ID: Readonly<Record<GgmlTensorType, number>> = { f32: 0, f16: 1 };
export const GGML_TYPE_BYTES: Readonly<Record<GgmlTensorType, number>> = { f32: 4, f16: 2 };

/**
 * A metadata value. Plain JS numbers are ambiguous, so numbers carry their GGUF type;
 * strings and booleans and arrays of them are unambiguous.
 */
export type GgufValue =
  | string
  | boolean
  | { readonly type: 'u32' | 'i32' | 'f32' | 'u64' | 'f64' | 'u8' | 'i8' | 'u16' | 'i16' | 'i64'; readonly value: number | bigint }
  | { readonly type: 'array'; readonly itemType: 'string'; readonly items: readonly string[] }
  | { readonly type: 'array'; readonly itemType: 'u32' | 'i32' | 'f32'; readonly items: ArrayLike<number> };

export interface GgufTensor {
  readonly name: string;
  /** Dimensions fastest-varying first: the reverse of PyTorch's shape. A torch (out, in) matrix is [in, out]. */
  readonly dims: readonly number[];
  readonly type: GgmlTensorType;
  /**
   * Values in the order of `dims` (fastest first), converted to `type` on write. A function is called only when
   * the tensor is written, so a large random model never has to sit in memory whole.
   */
  readonly data: Float32Array | (() => Float32Array);
}

export interface GgufFile {
  readonly metadata: ReadonlyMap<string, GgufValue> | Readonly<Record<string, GgufValue>>;
  readonly tensors: readonly GgufTensor[];
  /** @default 32 */
  readonly alignment?: number;
}

export const u32 = (value: number): GgufValue => ({ type: 'u32', value });
export const f32 = (value: number): GgufValue => ({ type: 'f32', value });
export const i32 = (value: number): GgufValue => ({ type: 'i32', value });
