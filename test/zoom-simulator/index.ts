export { SIMULATOR_CREDENTIALS, SIMULATOR_MEETING_ID, ZoomSimulator, startZoomSimulator } from './zoom-simulator';
export { parseMultipart, multipartBoundary, MultipartError } from './multipart';
export type { MultipartPart } from './multipart';
export type {
  Fault,
  FaultTarget,
  LiveStreamSettings,
  MeetingOptions,
  MeetingState,
  ParsedLiveStreamBody,
  RecordedRequest,
  SimulatorAccount,
  ZoomSimulatorOptions,
} from './types';
