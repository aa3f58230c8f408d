import { InvalidRequestError } from '../core/errors';
import { logger } from '../core/logger';
import { describeTarget, type LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import { registerSecret } from '../core/redaction';
import { maskedStreamConfig, type StreamConfig } from '../zoom/meeting';
import type { ZoomApi } from '../zoom/zoom-api';
import { callZoom, type ZoomCallDeps } from '../zoom/zoom-call';

/**
 * Sets the target's custom live stream (URL, key, page, resolution) in Zoom, which every start
 * needs first. The key is a credential: registered for redaction before anything can log it, and
 * answered masked. Where the stream goes is the one thing an operator must be able to trace: the
 * destination host is checked against `allowedHosts` and logged on every change (never the key).
 */
export async function configureStream(
  target: LiveStreamTarget,
  config: StreamConfig,
  budget: TimeBudget,
  deps: ZoomCallDeps & { readonly zoom: ZoomApi; readonly allowedHosts?: readonly string[] },
): Promise<StreamConfig> {
  registerSecret(config.stream_key);
  const host = new URL(config.stream_url).hostname.toLowerCase();
  if (deps.allowedHosts && !deps.allowedHosts.includes(host)) {
    throw new InvalidRequestError(`stream_url: host "${host}" is not one of the stream hosts this deployment allows`);
  }
  await callZoom((token, timeoutMs) => deps.zoom.updateStreamConfig(target, config, token, timeoutMs), budget, deps);
  logger.info('live stream destination changed', { target: describeTarget(target), streamHost: host });
  return maskedStreamConfig(config);
}
