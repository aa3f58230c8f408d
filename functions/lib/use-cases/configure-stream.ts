import type { LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import { registerSecret } from '../core/redaction';
import { maskedStreamConfig, type StreamConfig } from '../zoom/stream-config';
import type { ZoomApi } from '../zoom/zoom-api';
import { callZoom, type ZoomCallDeps } from '../zoom/zoom-call';

/**
 * Sets the target's custom live stream (URL, key, page, resolution) in Zoom, which every start
 * needs first. The key is a credential: registered for redaction before anything can log it, and
 * answered masked.
 */
export async function configureStream(
  target: LiveStreamTarget,
  config: StreamConfig,
  budget: TimeBudget,
  deps: ZoomCallDeps & { readonly zoom: ZoomApi },
): Promise<StreamConfig> {
  registerSecret(config.stream_key);
  await callZoom((token, timeoutMs) => deps.zoom.updateStreamConfig(target, config, token, timeoutMs), budget, deps);
  return maskedStreamConfig(config);
}
