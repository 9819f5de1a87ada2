/**
 * A real LSP client for the language server tests, the transcript script and the bench: spawns
 * `yoloc lsp --stdio` and talks to it with vscode-languageserver-protocol's client side over
 * the child's stdin/stdout, recording every message sent and received.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  type DataCallback, type Disposable, type Message, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';
import { ROOT } from '../helpers/paths.js';

/** One message of the session, as it crossed the wire. */
export interface Logged {
  dir: 'client->server' | 'server->client';
  ms: number;
  msg: Message;
}

class RecordingReader extends StreamMessageReader {
  constructor(stream: NodeJS.ReadableStream, private readonly onMessage: (m: Message) => void) {
    super(stream);
  }
  override listen(callback: DataCallback): Disposable {
    return super.listen((m) => {
      this.onMessage(m);
      callback(m);
    });
  }
}

class RecordingWriter extends StreamMessageWriter {
  constructor(stream: NodeJS.WritableStream, private readonly onMessage: (m: Message) => void) {
    super(stream);
  }
  override write(m: Message): Promise<void> {
    this.onMessage(m);
    return super.write(m);
  }
}

export const uri = (file: string): string => pathToFileURL(file).href;

/** The client side of a `yoloc lsp` session. */
export class LspClient {
  readonly transcript: Logged[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  stderr = '';
  /** The server's window/logMessage notifications (handler failures are logged as errors). */
  readonly logs: { type: number; message: string }[] = [];
  private readonly waiters: (() => void)[] = [];
  private readonly t0 = performance.now();
  private exited: Promise<number | null>;

  private constructor(readonly proc: ChildProcess, readonly conn: ProtocolConnection) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (s: string) => void (this.stderr += s));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
    conn.onNotification('window/logMessage', (p: { type: number; message: string }) => void this.logs.push(p));
    conn.listen();
  }

  /** Starts `node bin/yoloc.js lsp --stdio` with `args`. */
  static start(args: string[] = []): LspClient {
    return LspClient.spawn(process.execPath, [path.join(ROOT, 'bin/yoloc.js'), 'lsp', '--stdio', ...args], ROOT);
  }

  /** Starts a server command (an editor's setting) in `cwd`. */
  static spawn(command: string, args: string[], cwd: string): LspClient {
    const proc = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const log: Logged[] = [];
    const t0 = performance.now();
    const rec = (dir: Logged['dir']) => (msg: Message) => void log.push({ dir, ms: performance.now() - t0, msg });
    const conn = createProtocolConnection(new RecordingReader(proc.stdout!, rec('server->client')), new RecordingWriter(proc.stdin!, rec('client->server')));
    const c = new LspClient(proc, conn);
    (c as { transcript: Logged[] }).transcript = log;
    return c;
  }

  /** initialize + initialized, with the capabilities a plain editor has. */
  async initialize(rootDir: string, initializationOptions: Record<string, unknown> = {}, snippetSupport = false): Promise<InitializeResult> {
    const r = await this.conn.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: uri(rootDir),
      capabilities: { textDocument: { completion: { completionItem: { snippetSupport } }, publishDiagnostics: { relatedInformation: true } } },
      initializationOptions,
    });
    await this.conn.sendNotification('initialized', {});
    return r;
  }

  /** Opens a file with its disk text (or `text`). */
  async open(file: string, text = readFileSync(file, 'utf8'), version = 1): Promise<void> {
    const languageId = { '.py': 'python', '.json': 'json', '.yaml': 'yaml', '.ts': 'typescript' }[path.extname(file)] ?? 'plaintext';
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file), languageId, version, text } });
  }

  /** Replaces `range` (or the whole text) of an open file. */
  async change(file: string, version: number, text: string, range?: Range): Promise<void> {
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(file), version }, contentChanges: [range ? { range, text } : { text }],
    });
  }

  async close(file: string): Promise<void> {
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(file) } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest<R>(method, params);
  }

  /** The latest diagnostics published for a file at or after `since` (an index into published),
   *  once `accept` takes them; rejects after `ms`. */
  async diagnostics(file: string, accept: (ds: Diagnostic[]) => boolean = () => true, since = 0, ms = 20_000): Promise<Diagnostic[]> {
    const u = uri(file);
    const deadline = performance.now() + ms;
    for (;;) {
      for (let i = this.published.length - 1; i >= since; i--) {
        const p = this.published[i]!;
        if (p.uri !== u) continue;
        if (accept(p.diagnostics)) return p.diagnostics;
        break;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no accepted diagnostics for ${file} in ${ms} ms; got ${JSON.stringify(this.published.filter((p) => p.uri === u).at(-1))}\nserver stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Milliseconds since the client started (the transcript's clock). */
  now(): number {
    return performance.now() - this.t0;
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      this.proc.kill();
    }
    const code = await Promise.race([this.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    if (code === null && this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.conn.dispose();
    return code;
  }

  /** Whether the server process is still running. */
  alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }
}
