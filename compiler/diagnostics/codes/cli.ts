/** Diagnostic codes owned by the command line (8xxx). */
import type { CodeInfo } from '../catalog.js';

export const CODES: Record<string, CodeInfo> = {
  YC8001: { title: 'unknown command' },
  YC8002: { title: 'bad command-line flag or argument' },
  YC8003: { title: 'input file not found or unreadable' },
  YC8004: { title: 'internal error (a bug in yoloc: please report it)' },
  YC8005: { title: 'the config lacks a part the command needs (a partial config, e.g. a _base_ piece?)' },
  YC8006: { title: 'a file or folder could not be read or written (a file where a folder should be, permissions, disk full)' },
};
