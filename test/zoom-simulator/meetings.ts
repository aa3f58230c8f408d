import type { LiveStreamSettings, MeetingOptions, MeetingState } from './types';

interface Meeting {
  streamConfigured: boolean;
  status: 'started' | 'stopped';
  settings?: LiveStreamSettings;
  lastStartAt?: number;
  starts: number;
  stops: number;
}

export const MEETING_ID_PATTERN = /^[0-9]{9,19}$/;

/** The meetings the simulator knows and the live stream state of each. */
export class MeetingBook {
  private readonly meetings = new Map<string, Meeting>();

  constructor(private readonly embedded: boolean) {}

  add(id: string, options: MeetingOptions = {}): void {
    this.meetings.set(id, { streamConfigured: options.streamConfigured ?? true, status: 'stopped', starts: 0, stops: 0 });
  }

  remove(id: string): void {
    this.meetings.delete(id);
  }

  /** In embedded mode any well-formed id comes into being, stream configured, when first asked for. */
  find(id: string): Meeting | undefined {
    const known = this.meetings.get(id);
    if (known || !this.embedded || !MEETING_ID_PATTERN.test(id)) return known;
    this.add(id);
    return this.meetings.get(id);
  }

  state(id: string): MeetingState | undefined {
    const meeting = this.meetings.get(id);
    if (!meeting) return undefined;
    return {
      status: meeting.status,
      streamConfigured: meeting.streamConfigured,
      starts: meeting.starts,
      stops: meeting.stops,
      ...(meeting.settings ? { settings: { ...meeting.settings } } : {}),
      ...(meeting.lastStartAt !== undefined ? { lastStartAt: meeting.lastStartAt } : {}),
    };
  }

  /** Back to "never streamed" for every meeting, keeping which meetings exist. */
  resetStates(): void {
    for (const meeting of this.meetings.values()) {
      meeting.status = 'stopped';
      meeting.starts = 0;
      meeting.stops = 0;
      delete meeting.settings;
      delete meeting.lastStartAt;
    }
  }
}
