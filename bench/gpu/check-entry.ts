/**
 * The device bundle's entry (bench/gpu/prepare.sh): tfjs-core's gradient registrations bundled
 * in (the device has no tsx to load them the way runtime/backend/gradients.ts does; the
 * registry is global, shared with the external tfjs-core), then the check itself.
 */
import '../../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js';
import './check.js';
