/**
 * The language server: LSP over a connection (stdio for `yoloc lsp`), on vscode-languageserver.
 * Buffers are synced incrementally; an edit schedules, after a short debounce, a check of every
 * open config that read the edited file (the file itself, and open children whose base it is,
 * with the unsaved buffers of open files used instead of the disk for bases too), then the
 * diagnostics of every open file are republished where they changed. Hover, completion,
 * definition and code actions check the current text on demand. A failing handler answers
 * null and logs the error; nothing a config contains stops the server.
 */
import path from 'node:path';
import {
  CodeActionKind, TextDocumentSyncKind, TextDocuments, type Connection, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActionsAt } from './actions.js';
import { completionAt, resolveCompletion } from './completion.js';
import { definitionAt } from './definition.js';
import { diagnosticsFor } from './diagnostics.js';
import { hoverAt } from './hover.js';
import { langOf, uriToFile } from './text.js';
import { Workspace, type Analysis } from './workspace.js';

/** What `yoloc lsp` was started with; a client's initializationOptions may add to it. */
export interface ServerOptions {
  /** Scope name -> configs folder, for `scope::path` bases. */
  scopes?: Record<string, string>;
  /** Milliseconds between the last edit and the check (default 50). */
  debounceMs?: number;
  /** The server's name and version, for the client's log. */
  version?: string;
}

/** What a client may pass in initializationOptions. */
interface InitOptions {
  scopes?: Record<string, unknown>;
  debounceMs?: unknown;
}

/** Wires the handlers to a connection and starts listening. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const ws = new Workspace({ scopes: { ...options.scopes } });
  let debounceMs = options.debounceMs ?? 50;
  let snippets = false;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const published = new Map<string, string>();

  const log = (what: string, e: unknown): void => {
    connection.console.error(`yoloc lsp: ${what} failed: ${e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e)}`);
  };
  /** A request handler that answers null instead of failing. */
  const guard = <P, R>(what: string, f: (p: P) => R) => (p: P): R | null => {
    try {
      return f(p);
    } catch (e) {
      log(what, e);
      return null;
    }
  };
  /** The open config file of a URI (null: another scheme or extension, or not open). */
  const fileOf = (uri: string): string | null => {
    const f = uriToFile(uri);
    return f && langOf(f) && ws.doc(f) ? f : null;
  };

  const analyses = (): Analysis[] => {
    const out: Analysis[] = [];
    for (const d of ws.openDocs()) {
      try {
        out.push(ws.analyze(d.file));
      } catch (e) {
        log(`checking ${d.file}`, e);
      }
    }
    return out;
  };

  const publish = (): void => {
    const all = analyses();
    for (const d of ws.openDocs()) {
      let diagnostics;
      try {
        diagnostics = diagnosticsFor(ws, d.file, all);
      } catch (e) {
        log(`diagnostics of ${d.file}`, e);
        continue;
      }
      const json = JSON.stringify(diagnostics);
      if (published.get(d.uri) === json) continue;
      published.set(d.uri, json);
      void connection.sendDiagnostics({ uri: d.uri, version: d.version, diagnostics }).catch((e) => log('sending diagnostics', e));
    }
  };

  const flush = (): void => {
    timer = undefined;
    for (const f of pending) {
      try {
        if (ws.doc(f)) ws.analyze(f);
      } catch (e) {
        log(`checking ${f}`, e);
      }
    }
    pending.clear();
    publish();
  };

  /** Checks, after the debounce, every open config that read `file`. */
  const schedule = (file: string): void => {
    for (const f of ws.dependents(file)) pending.add(f);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as InitOptions;
    const root = params.rootUri ? uriToFile(params.rootUri) : null;
    if (init.scopes && typeof init.scopes === 'object') {
      for (const [k, v] of Object.entries(init.scopes)) if (typeof v === 'string') ws.options.scopes![k] = path.resolve(root ?? process.cwd(), v);
    }
    if (typeof init.debounceMs === 'number' && init.debounceMs >= 0 && init.debounceMs <= 10_000) debounceMs = init.debounceMs;
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ["'", '"', '(', ',', '='], resolveProvider: true },
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'yoloc', ...(options.version ? { version: options.version } : {}) },
    };
  });

  documents.onDidChangeContent(({ document }) => {
    const file = uriToFile(document.uri);
    if (!file || !langOf(file)) return;
    ws.setDoc({ uri: document.uri, file, version: document.version, text: document.getText() });
    schedule(file);
  });
  documents.onDidClose(({ document }) => {
    const file = uriToFile(document.uri);
    if (!file || !ws.doc(file)) return;
    const dependents = ws.dependents(file).filter((f) => f !== file);
    ws.closeDoc(file);
    published.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }).catch((e) => log('clearing diagnostics', e));
    // Its children now read it from the disk.
    for (const f of dependents) pending.add(f);
    schedule(file);
  });
  documents.onDidSave(({ document }) => {
    const file = uriToFile(document.uri);
    if (file && ws.doc(file)) schedule(file);
  });
  connection.onDidChangeWatchedFiles(() => {
    ws.invalidateAll();
    for (const d of ws.openDocs()) pending.add(d.file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, debounceMs);
  });

  connection.onHover(guard('hover', (p) => {
    const file = fileOf(p.textDocument.uri);
    if (!file) return null;
    return hoverAt(ws, file, ws.lines(file, ws.doc(file)!.text).offset(p.position));
  }));
  connection.onCompletion(guard('completion', (p) => {
    const file = fileOf(p.textDocument.uri);
    if (!file) return null;
    return completionAt(ws, file, ws.lines(file, ws.doc(file)!.text).offset(p.position), snippets);
  }));
  connection.onCompletionResolve((item) => {
    try {
      return resolveCompletion(item);
    } catch (e) {
      log('completion resolve', e);
      return item;
    }
  });
  connection.onDefinition(guard('definition', (p) => {
    const file = fileOf(p.textDocument.uri);
    if (!file) return null;
    return definitionAt(ws, file, ws.lines(file, ws.doc(file)!.text).offset(p.position));
  }));
  connection.onCodeAction(guard('code actions', (p) => {
    const file = fileOf(p.textDocument.uri);
    if (!file) return null;
    if (p.context.only && !p.context.only.some((k) => k === '' || k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.'))) return [];
    return codeActionsAt(ws, file, p.range, analyses());
  }));

  documents.listen(connection);
  connection.listen();
}
