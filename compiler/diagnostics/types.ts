/** Diagnostics are values: every problem yoloc reports has a stable code and a location. */

export type Severity = 'error' | 'warning' | 'info';

/** A location in a source file: 1-based line and column, 0-based offsets. */
export interface Span {
  file: string;
  /** 0-based character offset of the first character. */
  start: number;
  /** 0-based character offset one past the last character. */
  end: number;
  line: number;
  col: number;
}

/** A secondary location ("the base that set this value"). */
export interface RelatedInfo {
  message: string;
  span?: Span;
  /** JSON Pointer of the config value at `span`, where it is one (a use of the reported value). */
  path?: string;
}

export interface Diagnostic {
  /** Stable code, e.g. "YC2003". Registered in compiler/diagnostics/catalog.ts. */
  code: string;
  severity: Severity;
  message: string;
  /** Where the problem is; absent for problems without a file (bad flag). */
  span?: Span;
  /** JSON Pointer into the resolved config, where the problem is about a config value. */
  path?: string;
  /** A concrete fix, phrased as an instruction ("set out_indices to (1, 2, 3)"). */
  fix?: string;
  related?: RelatedInfo[];
}

/** What every phase entry returns. */
export interface PhaseResult<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Compute 1-based line/col for an offset. Use a LineMap for many lookups. */
export class LineMap {
  private readonly starts: number[] = [0];
  constructor(readonly file: string, readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  /** 1-based line and column of a 0-based offset. */
  position(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.starts[lo]! + 1 };
  }
  span(start: number, end: number): Span {
    const { line, col } = this.position(start);
    return { file: this.file, start, end, line, col };
  }
  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const s = this.starts[line - 1];
    if (s === undefined) return '';
    const e = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return this.text.slice(s, e).replace(/\r$/, '');
  }
}
