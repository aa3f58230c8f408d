export {
  EMBEDDED_LIGHT_RATE_LIMIT,
  SIMULATOR_CREDENTIALS,
  SIMULATOR_MEETING_ID,
  SIMULATOR_SCHEDULED_MEETING_ID,
  SIMULATOR_WEBINAR_ID,
} from './constants';
export { SIMULATOR_HOST_EMAIL, SIMULATOR_HOST_ID } from './meeting-record';
export { SIMULATOR_SCOPES } from './scopes';
export { startZoomSimulator } from './start-zoom-simulator';
export { webhookSignature } from './webhook-signature';
export { ZoomSimulator } from './zoom-simulator';
export { parseMultipart, multipartBoundary, MultipartError } from './multipart';
export type { MultipartPart } from './multipart';
export type {
  Fault,
  FaultTarget,
  LiveStreamSettings,
  MeetingOptions,
  MeetingPatch,
  MeetingState,
  MeetingStatus,
  MeetingType,
  Occurrence,
  OccurrenceInput,
  ParsedLiveStreamBody,
  RecordedRequest,
  SimulatorAccount,
  StreamResolution,
  StreamTarget,
  WebhookConfig,
  WebhookDelivery,
  WebhookResult,
  WebinarType,
  ZoomSimulatorOptions,
} from './types';
