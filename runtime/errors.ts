/**
 * The runtime's error type. The runtime does not import the compiler, so it carries the
 * diagnostic code itself (7xxx, listed in compiler/diagnostics/codes/runtime.ts); the CLI
 * prints it as `file - error YC7101: message`, never as a stack trace.
 */
export class YolocError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The file the problem is about (a checkpoint, an image, an annotation file). */
    readonly file?: string,
    /** A concrete fix, when there is one. */
    readonly fix?: string,
  ) {
    super(message);
    this.name = 'YolocError';
  }
}

/** A file-system error in words ('no such file' rather than 'ENOENT'), for YolocError messages. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file', EISDIR: 'it is a folder, not a file', EACCES: 'permission denied', EPERM: 'permission denied',
    ENOTDIR: 'a part of the path is a file, not a folder', EEXIST: 'a file is already there', ENOSPC: 'the disk is full', EROFS: 'the file system is read-only', EMFILE: 'too many open files', ENAMETOOLONG: 'the path is too long',
  };
  return code ? (words[code] ? `${words[code]} (${code})` : code) : (e as Error)?.message ?? String(e);
}

/** Emscripten's traps when tfjs-backend-wasm's heap (a 32-bit WebAssembly memory) is exhausted. */
const WASM_OUT_OF_MEMORY = /memory access out of bounds|^Aborted\(|Cannot enlarge memory|Out of memory/i;

/** `err` as a YolocError when the runtime can name it: a YolocError itself, or a WebAssembly
 * out-of-memory trap (YC7502, e.g. training 8x640 on wasm); null for anything else. */
export function knownRuntimeError(err: unknown): YolocError | null {
  if (err instanceof YolocError) return err;
  const msg = err instanceof Error ? err.message : '';
  if (WASM_OUT_OF_MEMORY.test(msg)) {
    return new YolocError('YC7502', `the wasm backend ran out of memory (${msg.split('\n')[0]}): WebAssembly memory is at most 4 GB, and this batch and image size need more`,
      undefined, 'use a smaller batch or image size, or the native backend (`npm run build:native`; it has no such limit)');
  }
  return null;
}
