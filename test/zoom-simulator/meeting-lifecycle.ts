import { deletedEvent, lifecycleEvent, liveStreamingEvent, updatedEvent, type ZoomEvent } from './meeting-events';
import { checkType, type Meeting, newInstanceId, setOccurrences } from './meeting-record';
import type { MeetingBook } from './meetings';
import { normalizeOccurrences } from './occurrences';
import type { MeetingPatch, MeetingStatus, WebhookResult } from './types';
import type { WebhookSender } from './webhook-sender';
import { toZoomTime } from './zoom-time';

const PATCH_FIELDS = ['type', 'topic', 'start_time', 'duration', 'timezone', 'occurrences'] as const;

/**
 * What happens to a meeting outside the live stream API (the host starts or ends it, someone edits
 * or deletes it), and the event notifications each change sends, as Zoom would.
 */
export class MeetingLifecycle {
  constructor(
    private readonly book: MeetingBook,
    private readonly webhooks: WebhookSender,
    private readonly now: () => number,
    private readonly accountId: string,
  ) {}

  /** Emits `meeting.started` only when the meeting was not already running. */
  start(id: string): void {
    const meeting = this.usable(id);
    const wasRunning = this.book.status(meeting) === 'started';
    const hadRun = meeting.startedAt !== undefined;
    meeting.status = 'started';
    delete meeting.startsAt;
    if (wasRunning) return;
    // A meeting started again after it ended is a new instance, as in Zoom.
    if (hadRun) meeting.uuid = newInstanceId();
    meeting.startedAt = this.now();
    this.send(lifecycleEvent(meeting, 'started', this.accountId, this.now()));
  }

  /** Stops a live stream with it; emits `meeting.ended` only when the meeting was running. */
  end(id: string): void {
    const meeting = this.usable(id);
    const wasRunning = this.book.status(meeting) === 'started';
    meeting.status = 'ended';
    delete meeting.startsAt;
    meeting.streamStatus = 'stopped';
    if (wasRunning) this.send(lifecycleEvent(meeting, 'ended', this.accountId, this.now()));
  }

  /** A live stream that stops by itself, as Zoom reports it (meetings only send these events). */
  drop(id: string): void {
    const meeting = this.usable(id);
    if (meeting.streamStatus !== 'started') throw new Error(`Meeting ${id} is not streaming`);
    meeting.streamStatus = 'stopped';
    this.streamChanged(meeting, 'stop');
  }

  update(id: string, patch: MeetingPatch): void {
    const meeting = this.usable(id);
    const previous: Record<string, unknown> = {};
    for (const field of PATCH_FIELDS) if (patch[field] !== undefined) previous[field] = wireValue(meeting, field);

    // Validate everything before changing anything, so a bad patch leaves the meeting as it was.
    const type = patch.type !== undefined ? checkType(id, patch.type, meeting.webinar) : meeting.type;
    const startTime = patch.start_time !== undefined ? toZoomTime(patch.start_time) : meeting.startTime;
    const duration = patch.duration ?? meeting.duration;
    const occurrences = patch.occurrences ? normalizeOccurrences(patch.occurrences, duration) : undefined;
    meeting.type = type;
    meeting.startTime = startTime;
    meeting.duration = duration;
    if (patch.topic !== undefined) meeting.topic = patch.topic;
    if (patch.timezone !== undefined) meeting.timezone = patch.timezone;
    setOccurrences(meeting, occurrences);

    const changed: Record<string, unknown> = {};
    for (const field of Object.keys(previous) as (typeof PATCH_FIELDS)[number][]) changed[field] = wireValue(meeting, field);
    this.send(updatedEvent(meeting, changed, previous, this.accountId, this.now()));
  }

  /** Marks the meeting gone (the API answers 3001 from now on) and emits `meeting.deleted`. */
  delete(id: string): void {
    const meeting = this.usable(id);
    meeting.status = 'gone';
    delete meeting.startsAt;
    meeting.streamStatus = 'stopped';
    this.send(deletedEvent(meeting, this.accountId));
  }

  /** Sets the status as is, without events; any status but `started` stops a live stream. */
  setStatus(id: string, status: MeetingStatus): void {
    const meeting = this.existing(id);
    if (status === 'started' && this.book.status(meeting) !== 'started') meeting.startedAt = this.now();
    meeting.status = status;
    delete meeting.startsAt;
    if (status !== 'started') meeting.streamStatus = 'stopped';
  }

  /** After an accepted live stream status PATCH. Zoom documents these events for meetings only. */
  streamChanged(meeting: Meeting, action: 'start' | 'stop'): void {
    if (!meeting.webinar) this.send(liveStreamingEvent(meeting, action, this.accountId, this.now()));
  }

  emit(event: string, payload: object): Promise<WebhookResult> {
    const sent = this.webhooks.send(event, payload);
    return sent ?? Promise.reject(new Error('Webhooks are not configured: call configureWebhooks() first'));
  }

  private send(event: ZoomEvent): void {
    // Fire and forget: delivery must never hold up an API answer; `whenDelivered()` awaits it.
    void this.webhooks.send(event.event, event.payload);
  }

  private existing(id: string): Meeting {
    const meeting = this.book.find(id);
    if (!meeting) throw new Error(`Unknown meeting ${id}`);
    return meeting;
  }

  private usable(id: string): Meeting {
    const meeting = this.existing(id);
    if (this.book.status(meeting) === 'gone') throw new Error(`Meeting ${id} was deleted`);
    return meeting;
  }
}

function wireValue(meeting: Meeting, field: (typeof PATCH_FIELDS)[number]): unknown {
  switch (field) {
    case 'start_time':
      return meeting.startTime;
    case 'occurrences':
      return meeting.occurrences?.map((o) => ({ ...o }));
    default:
      return meeting[field];
  }
}
