/**
 * SARIF 2.1.0 output for `yoloc check --format sarif` (what GitHub code scanning and editors
 * read): one run, one rule per code used (titles from the catalog), a result per diagnostic
 * with its region, related locations, and the fix in the message and in properties.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG } from '../diagnostics/catalog.js';
import { LineMap, type Diagnostic, type Span } from '../diagnostics/types.js';

type SarifLevel = 'error' | 'warning' | 'note';

/** A relative URI reference under cwd, else an absolute file: URI. */
function uri(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  if (r && !r.startsWith('..') && !path.isAbsolute(r)) return r.split(path.sep).map(encodeURIComponent).join('/');
  return pathToFileURL(path.resolve(cwd, file)).href;
}

/** Renders diagnostics as a SARIF 2.1.0 log. */
export function renderSarif(diagnostics: readonly Diagnostic[], opts: { cwd?: string; version?: string } = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const maps = new Map<string, LineMap | null>();
  const mapFor = (file: string): LineMap | null => {
    if (!maps.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      maps.set(file, text === undefined ? null : new LineMap(file, text));
    }
    return maps.get(file)!;
  };
  const location = (span: Span, message?: string) => {
    const end = mapFor(span.file)?.position(Math.max(span.start, span.end));
    return {
      physicalLocation: {
        artifactLocation: { uri: uri(span.file, cwd) },
        region: {
          startLine: span.line, startColumn: span.col,
          ...(end ? { endLine: end.line, endColumn: end.col } : {}),
          charOffset: span.start, charLength: Math.max(0, span.end - span.start),
        },
      },
      ...(message ? { message: { text: message } } : {}),
    };
  };
  const ruleIds = [...new Set(diagnostics.map((d) => d.code))].sort();
  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIds.indexOf(d.code),
    level: (d.severity === 'info' ? 'note' : d.severity) as SarifLevel,
    message: { text: d.fix ? `${d.message}\nfix: ${d.fix}` : d.message },
    ...(d.span ? { locations: [location(d.span)] } : {}),
    ...(d.related?.some((r) => r.span)
      ? { relatedLocations: d.related.filter((r) => r.span).map((r, i) => ({ id: i, ...location(r.span!, r.message) })) }
      : {}),
    properties: { ...(d.path !== undefined ? { jsonPointer: d.path } : {}), ...(d.fix ? { fix: d.fix } : {}) },
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'yoloc',
          version: opts.version ?? '0.1.0',
          rules: ruleIds.map((id) => ({ id, shortDescription: { text: CATALOG[id]?.title ?? id } })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2);
}
