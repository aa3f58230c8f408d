import { createMeeting, type Meeting, meetingStatus } from './meeting-record';
import type { MeetingOptions, MeetingState, MeetingStatus } from './types';

export const MEETING_ID_PATTERN = /^[0-9]{9,19}$/;

export type MeetingKind = 'meeting' | 'webinar';

/** The meetings and webinars the simulator knows (one id space, as at Zoom), with their state. */
export class MeetingBook {
  private readonly meetings = new Map<string, Meeting>();

  constructor(
    private readonly embedded: boolean,
    private readonly now: () => number,
  ) {}

  add(id: string, options: MeetingOptions = {}): Meeting {
    // Tests often set their fake clock only in a beforeEach, after meetings were added in beforeAll.
    const now = this.now();
    const meeting = createMeeting(id, options, Number.isFinite(now) ? now : Date.now());
    this.meetings.set(id, meeting);
    return meeting;
  }

  remove(id: string): void {
    this.meetings.delete(id);
  }

  /**
   * Any meeting or webinar, deleted ones included. In embedded mode any well-formed id comes into
   * being, as a running meeting with a configured stream, when first asked for.
   */
  find(id: string): Meeting | undefined {
    const known = this.meetings.get(id);
    if (known || !this.embedded || !MEETING_ID_PATTERN.test(id)) return known;
    return this.add(id);
  }

  /** What the REST API can see under `/meetings` or `/webinars`: not deleted, and of that kind. */
  lookup(kind: MeetingKind, id: string): Meeting | undefined {
    const meeting = kind === 'meeting' ? this.find(id) : this.meetings.get(id);
    if (!meeting || meeting.webinar !== (kind === 'webinar')) return undefined;
    return this.status(meeting) === 'gone' ? undefined : meeting;
  }

  status(meeting: Meeting): MeetingStatus {
    return meetingStatus(meeting, this.now());
  }

  state(id: string): MeetingState | undefined {
    const meeting = this.meetings.get(id);
    if (!meeting) return undefined;
    return {
      status: meeting.streamStatus,
      streamConfigured: meeting.stream !== undefined,
      meetingStatus: this.status(meeting),
      live: meeting.streamStatus === 'started',
      configUpdates: meeting.configUpdates,
      webinar: meeting.webinar,
      starts: meeting.starts,
      stops: meeting.stops,
      modes: meeting.modes,
      ...(meeting.stream ? { stream: { ...meeting.stream } } : {}),
      ...(meeting.settings ? { settings: { ...meeting.settings } } : {}),
      ...(meeting.lastStartAt !== undefined ? { lastStartAt: meeting.lastStartAt } : {}),
    };
  }

  /**
   * Back to "never streamed" for every meeting, keeping which meetings exist, their status, schedule
   * and configured stream target.
   */
  resetStates(): void {
    for (const meeting of this.meetings.values()) {
      meeting.streamStatus = 'stopped';
      meeting.starts = 0;
      meeting.stops = 0;
      meeting.modes = 0;
      meeting.configUpdates = 0;
      delete meeting.settings;
      delete meeting.lastStartAt;
    }
  }
}
