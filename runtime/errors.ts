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
