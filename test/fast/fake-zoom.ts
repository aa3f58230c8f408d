import { zoomError, type LiveStreamCommand, type LiveStreamTarget, type ZoomDetail, type ZoomMeeting, type ZoomOccurrence } from './support';

/** A meeting as the fake holds it: what `getMeeting` reads, and whether a start can stream. */
export interface FakeMeeting {
  status?: 'waiting' | 'started';
  /** A custom live stream is set up: a start of the running meeting streams. */
  streamConfigured: boolean;
  streaming: boolean;
  type?: number;
  startTime?: string;
  durationMinutes?: number;
  timezone?: string;
  occurrences: ZoomOccurrence[];
}

/** One call the use case made, with the token it sent. */
export interface FakeZoomCall {
  readonly method: 'getMeeting' | 'updateLiveStreamStatus';
  readonly target: LiveStreamTarget;
  readonly action?: LiveStreamCommand['action'];
  readonly token: string;
}

interface Answer {
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
  readonly headers?: Record<string, string>;
}

/**
 * A unit-test stand-in for the Zoom REST client: meetings in memory, Zoom's refusals as the
 * simulator gives them (3001 for no meeting, 3000 for a start Zoom will not stream, 200 for a webinar
 * not started), turned
 * into errors by the production mapping (`zoomError`). It records every call; tests assert on them.
 * The real HTTP path is the integration tests' business.
 */
export class FakeZoom {
  readonly calls: FakeZoomCall[] = [];
  private readonly meetings = new Map<string, FakeMeeting>();
  private readonly scripted: { method: FakeZoomCall['method']; answer: Answer }[] = [];

  constructor(private readonly now: () => number) {}

  /** Adds or changes a meeting (a webinar is keyed the same way: by id). */
  meeting(id: string, meeting: Partial<FakeMeeting> = {}): FakeMeeting {
    const current = this.meetings.get(id) ?? { status: 'started', streamConfigured: true, streaming: false, occurrences: [] };
    const next = { ...current, ...meeting };
    this.meetings.set(id, next);
    return next;
  }

  /** Zoom no longer has it (404 3001 from now on). */
  remove(id: string): void {
    this.meetings.delete(id);
  }

  /** The next call of `method` gets this answer instead of the meeting's own (e.g. a 503 or a 429). */
  answerNext(method: FakeZoomCall['method'], answer: Answer, times = 1): void {
    for (let i = 0; i < times; i += 1) this.scripted.push({ method, answer });
  }

  callsOf(method: FakeZoomCall['method'], action?: LiveStreamCommand['action']): FakeZoomCall[] {
    return this.calls.filter((call) => call.method === method && (action === undefined || call.action === action));
  }

  async getMeeting(target: LiveStreamTarget, token: string, _timeoutMs: number): Promise<ZoomMeeting> {
    this.calls.push({ method: 'getMeeting', target, token });
    this.throwScripted('getMeeting', target);
    const meeting = this.find(target);
    return {
      // Webinars carry no status in Zoom's answer.
      ...(target.kind === 'meeting' ? { status: meeting.status } : {}),
      type: meeting.type,
      startTime: meeting.startTime,
      durationMinutes: meeting.durationMinutes,
      timezone: meeting.timezone,
      occurrences: meeting.occurrences,
    };
  }

  async updateLiveStreamStatus(command: LiveStreamCommand, token: string, _timeoutMs: number): Promise<ZoomDetail> {
    this.calls.push({ method: 'updateLiveStreamStatus', target: command.target, action: command.action, token });
    this.throwScripted('updateLiveStreamStatus', command.target);
    const meeting = this.find(command.target);
    const label = command.target.kind === 'meeting' ? 'meeting' : 'webinar';
    if (meeting.status !== 'started') {
      // A meeting's "not started" shares code 3000 with "no custom stream"; a webinar's is 200.
      const notStarted =
        command.target.kind === 'webinar'
          ? { status: 400, code: 200, message: `Webinar ${command.target.id} has not started.` }
          : { status: 400, code: 3000, message: 'Cannot access meeting info. The meeting has not started.' };
      throw this.refusal(command.action === 'start' ? notStarted : { status: 400, code: 3000, message: `The ${label} is not in progress.` }, command.target);
    }
    if (command.action === 'start') {
      if (!meeting.streamConfigured) throw this.refusal({ status: 400, code: 3000, message: `The ${label} is not configured with a custom live streaming service.` }, command.target);
      meeting.streaming = true;
    } else if (command.action === 'stop') {
      meeting.streaming = false;
    }
    return { zoomStatus: 204 };
  }

  private find(target: LiveStreamTarget): FakeMeeting {
    const meeting = this.meetings.get(target.id);
    if (!meeting) {
      // Webinars send every refusal as HTTP 400.
      const status = target.kind === 'webinar' ? 400 : 404;
      throw this.refusal({ status, code: 3001, message: `${target.kind === 'webinar' ? 'Webinar' : 'Meeting'} does not exist: ${target.id}.` }, target);
    }
    return meeting;
  }

  private throwScripted(method: FakeZoomCall['method'], target: LiveStreamTarget): void {
    const index = this.scripted.findIndex((entry) => entry.method === method);
    if (index < 0) return;
    const [entry] = this.scripted.splice(index, 1);
    throw this.refusal(entry!.answer, target);
  }

  private refusal(answer: Answer, target: LiveStreamTarget): Error {
    const data = answer.code !== undefined ? { code: answer.code, message: answer.message } : {};
    return zoomError({ status: answer.status, data, headers: answer.headers ?? {} }, target, this.now());
  }
}
