import * as z from 'zod/mini';
import type { LiveStreamSettings, LiveStreamTarget } from '../core/target';
import type { StreamConfig } from '../zoom/meeting';
import { autoStartBodySchema, parseInput, parseSettings, streamConfigSchema } from './input-schema';
import { jsonBody, readHttpRequest, requestTarget, type HttpEvent } from './http-request';

/** A request to the meetings function: registrations and stream configuration of one target. */
export type MeetingsRequest =
  | { readonly operation: 'register-auto-start'; readonly target: LiveStreamTarget; readonly settings?: LiveStreamSettings; readonly schedule: boolean; readonly keepAlive: boolean }
  | { readonly operation: 'unregister-auto-start'; readonly target: LiveStreamTarget }
  | { readonly operation: 'describe'; readonly target: LiveStreamTarget }
  | { readonly operation: 'configure-stream'; readonly target: LiveStreamTarget; readonly config: StreamConfig };

const noBody = z.strictObject({}, { error: 'must be empty' });

/** Reads an API Gateway event of the meetings function; INVALID_REQUEST naming the field otherwise. */
export function toMeetingsRequest(event: HttpEvent): MeetingsRequest {
  const request = readHttpRequest(event, 'meetings');
  const target = requestTarget(request);
  const body = jsonBody(request);
  switch (request.route.operation) {
    case 'register-auto-start': {
      const parsed = parseInput(autoStartBodySchema, body, 'body');
      const settings = parseSettings(target.kind, parsed.settings, 'settings');
      return { operation: 'register-auto-start', target, ...(settings ? { settings } : {}), schedule: parsed.schedule === true, keepAlive: parsed.keepAlive === true };
    }
    case 'configure-stream': {
      const config = parseInput(streamConfigSchema, body, 'body');
      return { operation: 'configure-stream', target, config: config as StreamConfig };
    }
    case 'unregister-auto-start':
    case 'describe':
      parseInput(noBody, body, 'body');
      return { operation: request.route.operation, target };
    default:
      throw new Error(`route ${request.route.resourcePath} has no meetings operation`);
  }
}
