import { InvalidRequestError, LiveStreamError, MeetingNotFoundError } from '../core/errors';
import { logger } from '../core/logger';
import { describeTarget, type LiveStreamTarget } from '../core/target';
import type { TimeBudget } from '../core/time-budget';
import { registerSecret } from '../core/redaction';
import { maskedStreamConfig, type StreamConfig } from '../zoom/meeting';
import type { ZoomApi } from '../zoom/zoom-api';
import { callZoom, type ZoomCallDeps } from '../zoom/zoom-call';
import type { MeetingStore } from './ports';
import type { MeetingRecord } from '../core/meeting-record';

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

export interface DescribeDeps extends ZoomCallDeps {
  readonly zoom: ZoomApi;
  readonly store: MeetingStore;
}

/** Zoom's own view of the target, or why it could not be read. */
export type ZoomView =
  | { readonly status: string | null; readonly stream: StreamConfig | null }
  | { readonly error: { readonly code: string; readonly message: string } };

export interface LiveStreamDescription {
  readonly record?: MeetingRecord;
  readonly zoom: ZoomView;
}

/**
 * What the system knows of a target (registration, stream state, next armed start) beside what
 * Zoom says now (meeting status, configured stream with its key masked). A target Zoom does not
 * have is MEETING_NOT_FOUND; Zoom being unreachable leaves the system's own view answerable.
 */
export async function describeLiveStream(target: LiveStreamTarget, budget: TimeBudget, deps: DescribeDeps): Promise<LiveStreamDescription> {
  const [record, zoom] = await Promise.all([deps.store.get(target, budget), readZoomView(target, budget, deps)]);
  return { ...(record ? { record } : {}), zoom };
}

async function readZoomView(target: LiveStreamTarget, budget: TimeBudget, deps: DescribeDeps): Promise<ZoomView> {
  try {
    const [meeting, stream] = await Promise.all([
      callZoom((token, timeoutMs) => deps.zoom.getMeeting(target, token, timeoutMs), budget, deps),
      callZoom((token, timeoutMs) => deps.zoom.getStreamConfig(target, token, timeoutMs), budget, deps),
    ]);
    return { status: meeting.status ?? null, stream: stream ? maskedStreamConfig(stream) : null };
  } catch (error) {
    if (error instanceof MeetingNotFoundError || !(error instanceof LiveStreamError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}
