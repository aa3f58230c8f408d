import type { LocalSystem } from '../../local/local-system';

/**
 * A morning's worth of state for the console, made through the real paths of `npm start`: meetings
 * registered at their Zoom times over the coming hours, one streaming, one whose scheduled start
 * failed (no stream configured in Zoom). Used by the screenshot in docs/ and bench:console.
 */
export const DEMO = {
  live: '84100000001',
  failing: '84100000002',
  scheduled: ['84100000011', '84100000012', '84100000013', '84100000014', '84100000015'],
} as const;

const HOUR = 3_600_000;
const TOPICS = ['All hands', 'Product review', 'Customer webinar rehearsal', 'Engineering sync', 'Board briefing'];

export async function seedConsoleDemo(system: LocalSystem, apiKey: string): Promise<void> {
  const zoom = system.simulator;
  if (!zoom) throw new Error('the demo needs the embedded Zoom simulator');
  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${system.api.url}${route}`, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { items?: unknown[] };
  };
  const now = Date.now();
  for (const [i, id] of DEMO.scheduled.entries()) {
    const startTime = new Date(now + (i * 2 + 1) * HOUR + 15 * 60_000 * i).toISOString();
    zoom.addMeeting(id, { status: 'waiting', startTime, topic: TOPICS[i] ?? 'Meeting' });
    await api('PUT', `/meetings/${id}/livestream/auto-start`, { schedule: true, settings: { layout: i % 2 ? 'gallery_view' : 'speaker_view', display_name: TOPICS[i] } });
  }
  zoom.addMeeting(DEMO.live, { status: 'started', topic: 'Town hall' });
  await api('PUT', `/meetings/${DEMO.live}/livestream/auto-start`, { settings: { layout: 'speaker_view', display_name: 'Town hall' } });
  await api('POST', `/meetings/${DEMO.live}/livestream/start`, { settings: { layout: 'speaker_view', display_name: 'Town hall' } });
  zoom.addMeeting(DEMO.failing, { status: 'started', streamConfigured: false, topic: 'Quarterly results' });
  await api('PUT', `/meetings/${DEMO.failing}/livestream/auto-start`, { settings: { display_name: 'Quarterly results' } });
  await system.startQueue.send(JSON.stringify({ meetingId: DEMO.failing, settings: { display_name: 'Quarterly results' } }), 0);
  await system.startQueue.drain();
  // The simulator's webhook that the stream went live arrives on its own time.
  for (let i = 0; i < 100; i += 1) {
    if ((await api('GET', '/livestreams?state=live')).items?.length) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the live meeting never went live');
}
