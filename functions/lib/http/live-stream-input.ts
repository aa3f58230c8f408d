import type { EventBridgeEvent } from 'aws-lambda';
import { InvalidRequestError } from '../core/errors';
import type { LiveStreamAction, LiveStreamCommand, LiveStreamSettings, LiveStreamTarget } from '../core/target';
import { liveStreamBodySchema, parseInput, parseSettings } from './input-schema';
import { parsePayload, type Payload } from './payload';
import { isHttpSource, jsonBody, readHttpRequest, requestTarget, type EventSource, type HttpEvent } from './http-request';

/** A start or stop as the start and stop functions receive it. */
export type LiveStreamInput =
  | { readonly kind: 'http'; readonly command: LiveStreamCommand }
  | {
      readonly kind: 'async';
      readonly command: LiveStreamCommand;
      readonly startWindowMinutes?: number;
      /** Epoch ms the event was emitted (EventBridge `time`), when known. */
      readonly eventTime?: number;
    };

/** Turns any accepted event into a command; throws INVALID_REQUEST for anything else. */
export function toLiveStreamInput(action: LiveStreamAction, event: unknown, source: EventSource): LiveStreamInput {
  if (isHttpSource(source)) return { kind: 'http', command: fromHttp(action, event as HttpEvent) };
  if (source === 'sqs') throw new InvalidRequestError('event: queue messages are for the start worker, not this function');
  const eventBridge = source === 'eventbridge' ? (event as EventBridgeEvent<string, unknown>) : undefined;
  const payload: Payload = parsePayload(eventBridge ? eventBridge.detail : event, action, eventBridge ? 'detail' : '');
  const eventTime = eventBridge ? Date.parse(eventBridge.time) : NaN;
  return {
    kind: 'async',
    command: { target: payload.target, action, ...(payload.settings ? { settings: payload.settings } : {}) },
    ...(payload.startWindowMinutes !== undefined ? { startWindowMinutes: payload.startWindowMinutes } : {}),
    ...(Number.isFinite(eventTime) ? { eventTime } : {}),
  };
}

function fromHttp(action: LiveStreamAction, event: HttpEvent): LiveStreamCommand {
  const request = readHttpRequest(event, action);
  const target = requestTarget(request);
  const body = parseInput(liveStreamBodySchema, jsonBody(request), 'body');
  if (request.route.operation === 'change-mode') return { target, action: 'mode', settings: modeSettings(target.kind, body.settings) };
  if (body.settings !== undefined && action === 'stop') {
    // Zoom ignores settings on stop; refusing them keeps a caller from believing they took effect.
    throw new InvalidRequestError('settings: only start takes settings');
  }
  const settings = parseSettings(target.kind, body.settings, 'settings');
  return { target, action, ...(settings ? { settings } : {}) };
}

/** A view change needs something to change: at least one setting, each checked as for a start. */
function modeSettings(kind: LiveStreamTarget['kind'], value: unknown): LiveStreamSettings {
  if (value === undefined) throw new InvalidRequestError('settings: is required (at least one of layout, close_caption, active_speaker_name, display_name)');
  const settings = parseSettings(kind, value, 'settings') ?? {};
  if (Object.keys(settings).length === 0) {
    throw new InvalidRequestError('settings: must name at least one of layout, close_caption, active_speaker_name, display_name');
  }
  return settings;
}
