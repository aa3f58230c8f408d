import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { LiveStreamAction } from '../../functions/lib/core/target';
import { ROUTES, routeFor } from '../../functions/lib/http/routes';
import { context, freshHandler, loadEvent, MEETING_ID, startBackends, type Backends } from '../helpers/backends';

/**
 * Every file in events/ (the inputs of `npm run sam:invoke` and the README's examples) is accepted by
 * the handler it is named for: run through the real handler, reading the secret from moto_server and
 * calling the Zoom simulator. A new file is covered without touching this test, and one that does not
 * follow `<start|stop>-<source>.json` fails here rather than being skipped.
 */
const EVENTS_DIR = path.resolve(__dirname, '../../events');
const FILE_NAME = /^(start|stop)-(apigateway-rest|apigateway-http|scheduler|eventbridge)\.json$/;
const EVENT_FILES = readdirSync(EVENTS_DIR).filter((name) => name.endsWith('.json'));

let backends: Backends;

beforeAll(async () => {
  backends = await startBackends();
});

afterAll(async () => {
  await backends.close();
});

beforeEach(() => backends.zoom.reset());

function parseName(name: string): { action: LiveStreamAction; source: string } {
  const match = FILE_NAME.exec(name);
  if (!match) throw new Error(`events/${name}: name it <start|stop>-<apigateway-rest|apigateway-http|scheduler|eventbridge>.json`);
  return { action: match[1] as LiveStreamAction, source: match[2] as string };
}

describe('events/', () => {
  it('holds a start and a stop event for every input form', () => {
    const forms = EVENT_FILES.map((name) => parseName(name)).map(({ action, source }) => `${action}-${source}`);
    const expected = ['start', 'stop'].flatMap((action) =>
      ['apigateway-rest', 'apigateway-http', 'scheduler', 'eventbridge'].map((source) => `${action}-${source}`),
    );

    expect(forms.sort()).toEqual(expected.sort());
  });

  describe.each(EVENT_FILES)('%s', (name) => {
    it('is accepted by the handler it is named for', async () => {
      const { action, source } = parseName(name);
      const { handler } = freshHandler(action, backends.env);

      const result = await handler(loadEvent(name), context());

      const expected = { meetingId: MEETING_ID, action, status: 'ok' };
      if (source.startsWith('apigateway')) {
        expect(result).toMatchObject({ statusCode: 200 });
        expect(JSON.parse((result as { body: string }).body)).toEqual(expected);
      } else {
        expect(result).toEqual(expected);
      }
      expect(backends.zoom.apiRequests.map((request) => request.parsed)).toEqual([expect.objectContaining({ action })]);
    });

    it("names its own action's route if it is an API Gateway event, and no route otherwise", () => {
      const { action, source } = parseName(name);
      const route = ROUTES.find((candidate) => candidate.operation === action && candidate.targetKind === 'meeting');
      expect(route).toMatchObject({ function: action, auth: 'api-key' });
      const event = loadEvent(name);

      if (source === 'apigateway-rest') {
        expect([event.httpMethod, event.resource]).toEqual([route?.method, route?.resourcePath]);
        expect(routeFor(event.httpMethod, event.path)).toEqual({ route, params: { meetingId: MEETING_ID } });
      } else if (source === 'apigateway-http') {
        expect(event.routeKey).toBe(`${route?.method} ${route?.resourcePath}`);
        expect(routeFor(event.requestContext.http.method, event.rawPath, { stagePrefix: true })).toEqual({ route, params: { meetingId: MEETING_ID } });
      } else {
        expect(event.httpMethod ?? event.routeKey).toBeUndefined();
      }
    });
  });
});
