/**
 * Errors a GPU reports asynchronously (WebGPU validation errors, a lost device): the backend
 * records them; callers check at their read points (each read of results), so a kernel that
 * failed to compile or run can never pass silently as garbage numbers.
 */
import { YolocError } from '../errors.js';

const errors: string[] = [];

/** Called by a backend when its device reports an error. */
export function noteDeviceError(message: string): void {
  if (errors.length < 16) errors.push(message.trim());
}

/** Throws YC7503 when the device reported an error since the last check. */
export function checkDeviceErrors(): void {
  if (!errors.length) return;
  const first = errors.splice(0);
  throw new YolocError('YC7503', `the GPU reported an error: ${first[0]!.split('\n').slice(0, 4).join(' / ')}${first.length > 1 ? ` (and ${first.length - 1} more)` : ''}`,
    undefined, 'this is a bug in a GPU kernel of yoloc or tfjs: run with --backend native meanwhile, and report it with the command');
}
