import {
  budgetOf,
  DEFAULT_START_WINDOW_MINUTES,
  handleZoomEvent,
  KEEP_ALIVE_DELAY_SECONDS,
  MAX_KEEP_ALIVE_RESTARTS,
  MEETING,
  meetingChangeMessage,
  useCaseDeps,
  zoomEvent,
  ZoomUnavailableError,
  type UseCaseDeps,
  type ZoomEvent,
} from './support';

let deps: UseCaseDeps;
beforeEach(() => {
  deps = useCaseDeps();
});

const handle = (event: ZoomEvent) => handleZoomEvent(event, budgetOf(deps), deps);
const register = (options: { schedule?: boolean; keepAlive?: boolean } = {}) =>
  deps.store.putAutoStart(
    MEETING,
    { settings: { display_name: 'Town hall' }, schedule: options.schedule ?? false, registeredAt: new Date(deps.clock.now() - 3600_000).toISOString(), ...(options.keepAlive ? { keepAlive: true } : {}) },
    budgetOf(deps),
  );
const started = (uuid = 'uuid-1', eventTs?: number) => zoomEvent('meeting.started', { id: MEETING.id, uuid }, eventTs === undefined ? {} : { eventTs });
const streamEvent = (state: 'started' | 'stopped', at: number, uuid = 'uuid-1') =>
  zoomEvent(`meeting.live_streaming_${state}`, { id: Number(MEETING.id), uuid, live_streaming: { date_time: new Date(at).toISOString(), stream_key: 'key-never-read' } }, { eventTs: at });

describe('meeting.started', () => {
  it('of a registered meeting hands one start job to the queue at once, with the registered settings and its instance', async () => {
    await register();
    const now = deps.clock.now();

    expect(await handle(started('uuid-1', now - 2000))).toEqual({ event: 'meeting.started', target: MEETING, result: 'start handed off' });

    expect(deps.startQueue.sent.map((entry) => entry.delaySeconds)).toEqual([0]);
    expect(deps.startQueue.jobs()).toEqual([
      expect.objectContaining({
        target: MEETING,
        origin: 'webhook',
        jobId: expect.stringMatching(/^webhook-[0-9a-f]{40}$/),
        settings: { display_name: 'Town hall' },
        instance: 'uuid-1',
        firstAttemptAt: now,
        windowEndsAt: now + DEFAULT_START_WINDOW_MINUTES * 60_000,
        // The meeting's start, less a minute for Zoom's clock.
        notBefore: now - 2000 - 60_000,
      }),
    ]);
    // The webhook never waits for Zoom's API.
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('redelivered by Zoom is a duplicate: one hand-off', async () => {
    await register();
    await handle(started());
    expect((await handle(started())).result).toBe('duplicate delivery; handled before');
    expect(deps.startQueue.sent).toHaveLength(1);
  });

  it('of a later start of the same meeting (a new instance) is handed off again', async () => {
    await register();
    await handle(started('uuid-1'));
    expect((await handle(started('uuid-2', deps.clock.now() + 600_000))).result).toBe('start handed off');
    expect(deps.startQueue.jobs().map((job) => job.instance)).toEqual(['uuid-1', 'uuid-2']);
  });

  it('of a meeting nobody registered is acknowledged, queues nothing and stores nothing', async () => {
    expect((await handle(started())).result).toBe('not registered for auto-start');
    expect(deps.startQueue.sent).toEqual([]);
    expect(await deps.store.get(MEETING, budgetOf(deps))).toBeUndefined();
  });

  it('of another Zoom account is ignored, registered or not', async () => {
    await register();
    const foreign = zoomEvent('meeting.started', { id: MEETING.id, uuid: 'uuid-1' }, { accountId: 'someone-else' });
    expect((await handle(foreign)).result).toBe('ignored: another Zoom account');
    expect(deps.startQueue.sent).toEqual([]);
  });

  it('whose hand-off fails is forgotten, so that Zoom’s redelivery hands it off', async () => {
    await register();
    deps.startQueue.failures.push(new ZoomUnavailableError('the queue did not answer'));

    await expect(handle(started())).rejects.toThrow('the queue did not answer');
    expect(deps.startQueue.sent).toEqual([]);

    expect((await handle(started())).result).toBe('start handed off');
    expect(deps.startQueue.sent).toHaveLength(1);
  });

  it('of an event naming no meeting is ignored', async () => {
    expect((await handle(zoomEvent('app.deauthorized', {}))).result).toBe('ignored');
    expect((await handle(zoomEvent('meeting.started', { id: 'not-an-id' }))).result).toBe('ignored');
    expect(deps.startQueue.sent).toEqual([]);
  });
});

describe('stream state events', () => {
  const T0 = Date.UTC(2026, 10, 26, 9, 0);

  it('set live, then stopped, and an older event arriving late changes nothing', async () => {
    expect((await handle(streamEvent('started', T0))).result).toBe('stream live');
    expect((await handle(streamEvent('stopped', T0 + 60_000))).result).toBe('stream stopped');
    expect((await handle(streamEvent('started', T0 + 30_000))).result).toBe('older than the known state');

    expect((await deps.store.get(MEETING, budgetOf(deps)))?.stream).toEqual({ state: 'stopped', since: new Date(T0 + 60_000).toISOString() });
    expect(deps.fakeZoom.calls).toEqual([]);
    expect(deps.startQueue.sent).toEqual([]);
  });

  it('meeting.ended stops a meeting the store knows', async () => {
    await handle(streamEvent('started', T0));
    const ended = zoomEvent('meeting.ended', { id: MEETING.id, uuid: 'uuid-1', end_time: new Date(T0 + 3600_000).toISOString() });
    expect((await handle(ended)).result).toBe('stream stopped');
    expect((await deps.store.get(MEETING, budgetOf(deps)))?.stream?.state).toBe('stopped');
  });

  it('meeting.ended of a meeting never heard of stores nothing', async () => {
    expect((await handle(zoomEvent('meeting.ended', { id: MEETING.id, uuid: 'uuid-1' }))).result).toBe('not known here');
    expect(await deps.store.get(MEETING, budgetOf(deps))).toBeUndefined();
  });
});

describe('meeting.updated and meeting.deleted', () => {
  it('of a meeting registered with schedule are handed to the worker, which reads Zoom', async () => {
    await register({ schedule: true });
    expect((await handle(zoomEvent('meeting.updated', { id: MEETING.id }))).result).toBe('meeting updated; handed off');
    expect((await handle(zoomEvent('meeting.deleted', { id: MEETING.id }, { eventTs: Date.UTC(2026, 10, 26, 9, 1) }))).result).toBe('meeting deleted; handed off');
    expect(deps.startQueue.sent).toEqual([
      { body: meetingChangeMessage(MEETING, 'updated'), delaySeconds: 0 },
      { body: meetingChangeMessage(MEETING, 'deleted'), delaySeconds: 0 },
    ]);
    expect(deps.fakeZoom.calls).toEqual([]);
  });

  it('updated of a meeting registered without schedule moves nothing; deleted still removes its registration', async () => {
    await register();
    expect((await handle(zoomEvent('meeting.updated', { id: MEETING.id }))).result).toBe('registered without schedule; nothing to move');
    expect((await handle(zoomEvent('meeting.deleted', { id: MEETING.id }))).result).toBe('meeting deleted; handed off');
    expect(deps.startQueue.sent.map((entry) => entry.body)).toEqual([meetingChangeMessage(MEETING, 'deleted')]);
  });

  it('of a meeting nobody registered hand off nothing', async () => {
    expect((await handle(zoomEvent('meeting.deleted', { id: MEETING.id }))).result).toBe('not registered for auto-start');
    expect(deps.startQueue.sent).toEqual([]);
  });
});

describe('keep-alive after a drop', () => {
  const T0 = Date.UTC(2026, 10, 26, 9, 30);
  const drop = (minutes: number, uuid = 'uuid-1') => handle(streamEvent('stopped', T0 + minutes * 60_000, uuid));

  it('queues a restart after Zoom’s 30 s with the registered settings and a claim of its own', async () => {
    await register({ keepAlive: true });
    const now = deps.clock.now();

    expect((await drop(0)).result).toBe(`stream dropped; restart 1 of ${MAX_KEEP_ALIVE_RESTARTS} queued in ${KEEP_ALIVE_DELAY_SECONDS} s`);

    // Zoom refuses a start within 30 s of the last one.
    expect(deps.startQueue.sent.map((entry) => entry.delaySeconds)).toEqual([30]);
    expect(deps.startQueue.jobs()).toEqual([
      expect.objectContaining({ origin: 'keep-alive', instance: 'uuid-1#keep-alive-1', droppedAt: T0, settings: { display_name: 'Town hall' }, firstAttemptAt: now }),
    ]);
    // The event's stream key is neither stored nor put in the job.
    expect(deps.startQueue.sent[0]!.body).not.toContain('key-never-read');
    expect(JSON.stringify(await deps.store.get(MEETING, budgetOf(deps)))).not.toContain('key-never-read');
  });

  it('counts a redelivered drop once', async () => {
    await register({ keepAlive: true });
    await drop(0);
    expect((await drop(0)).result).toBe('duplicate delivery; handled before');
    expect(deps.startQueue.sent).toHaveLength(1);
  });

  it(`restarts one instance at most ${MAX_KEEP_ALIVE_RESTARTS} times; a new instance has restarts of its own`, async () => {
    await register({ keepAlive: true });
    expect(MAX_KEEP_ALIVE_RESTARTS).toBe(3);
    for (let minute = 0; minute < MAX_KEEP_ALIVE_RESTARTS; minute += 1) await drop(minute);

    expect((await drop(MAX_KEEP_ALIVE_RESTARTS)).result).toBe(`stream stopped; not restarted (${MAX_KEEP_ALIVE_RESTARTS} restarts of this instance used)`);
    expect(deps.startQueue.sent).toHaveLength(MAX_KEEP_ALIVE_RESTARTS);

    expect((await drop(10, 'uuid-2')).result).toMatch(/^stream dropped; restart 1 of/);
  });

  it('leaves a stream stopped through this system alone', async () => {
    await register({ keepAlive: true });
    await deps.store.noteStop(MEETING, new Date(T0 - 20_000).toISOString(), budgetOf(deps));
    expect((await drop(0)).result).toBe('stream stopped through this system; not restarted');
    expect(deps.startQueue.sent).toEqual([]);
  });

  it('leaves a drop alone without keepAlive', async () => {
    await register();
    expect((await drop(0)).result).toBe('stream stopped');
    expect(deps.startQueue.sent).toEqual([]);
  });

  it('restarts nothing for a drop older than the known state', async () => {
    await register({ keepAlive: true });
    await handle(streamEvent('started', T0 + 60_000));
    expect((await drop(0)).result).toBe('older than the known state');
    expect(deps.startQueue.sent).toEqual([]);
  });
});
