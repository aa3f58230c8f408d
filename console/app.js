// The operator console. Plain ES module, no dependencies. Every value from the API is inserted with
// textContent (never innerHTML), and the page's CSP allows no inline script or style.

const KEY_STORAGE = 'zoom-livestream.apiKey';
const REFRESH_MS = 15_000;
const TIMELINE_HOURS = 12;
/** The API root: the console is served at <root>console. */
const API_ROOT = location.pathname.replace(/console\/?$/, '');

const $ = (id) => document.getElementById(id);

/** An element with text and attributes; children are elements or strings (inserted as text). */
function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = String(options.text);
  for (const [name, value] of Object.entries(options.attrs ?? {})) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const state = { key: sessionStorage.getItem(KEY_STORAGE), timer: undefined, failuresNext: null, registrationsNext: null };

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(method, path, body) {
  const response = await fetch(`${API_ROOT}${path}`, {
    method,
    headers: { 'x-api-key': state.key ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    json = {};
  }
  if (!response.ok) {
    // The API's own words: {"error":{"code","message"}}; API Gateway's: {"message"}.
    const error = json.error ? `${json.error.code}: ${json.error.message}` : json.message || `HTTP ${response.status}`;
    throw new ApiError(response.status, error);
  }
  return json;
}

// ---- time ----

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

function when(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  const today = new Date().toDateString() === date.toDateString();
  return today ? timeFormat.format(date) : dateTimeFormat.format(date);
}

function relative(iso) {
  const minutes = Math.round((Date.parse(iso) - Date.now()) / 60_000);
  if (Math.abs(minutes) < 1) return 'now';
  const text = Math.abs(minutes) < 90 ? `${Math.abs(minutes)} min` : `${Math.round(Math.abs(minutes) / 60)} h`;
  return minutes > 0 ? `in ${text}` : `${text} ago`;
}

function timeEl(iso) {
  return el('time', { text: when(iso), attrs: { datetime: iso, title: `${iso} (${relative(iso)})` } });
}

// ---- rendering ----

const label = (item) => `${item.kind === 'webinar' ? 'Webinar' : 'Meeting'} ${item.id}`;

function settingsText(autoStart) {
  if (!autoStart) return 'not registered';
  const settings = autoStart.settings ?? {};
  const parts = [];
  if (settings.display_name !== undefined) parts.push(`“${settings.display_name}”`);
  if (settings.layout) parts.push(String(settings.layout).replace(/_/g, ' '));
  if (settings.close_caption) parts.push(`captions ${settings.close_caption}`);
  if (settings.active_speaker_name !== undefined) parts.push(settings.active_speaker_name ? 'speaker names' : 'no speaker names');
  if (autoStart.schedule) parts.push('at its Zoom times');
  return parts.length ? parts.join(' · ') : 'on start (Zoom defaults)';
}

function badge(text, tone) {
  return el('span', { className: `badge ${tone}`, text });
}

function streamBadge(stream) {
  if (stream.state === 'live') return badge('live', 'good');
  if (stream.state === 'stopped') return badge('stopped', 'muted');
  return el('span', { className: 'muted', text: 'not seen', attrs: { title: 'No live stream event from Zoom yet' } });
}

function lastStartCell(lastStart) {
  if (!lastStart) return el('span', { className: 'muted', text: 'never' });
  const tone = lastStart.state === 'failed' ? 'bad' : lastStart.state === 'done' ? 'good' : 'warn';
  return el('span', {}, [
    badge(lastStart.state, tone),
    ` ${lastStart.origin}, `,
    timeEl(lastStart.at),
    ...(lastStart.code ? [' ', el('code', { text: lastStart.code })] : []),
  ]);
}

function actionButton(text, onClick, options = {}) {
  const button = el('button', { text, className: options.className ?? '', attrs: { type: 'button', ...(options.label ? { 'aria-label': options.label } : {}) } });
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await onClick();
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

const targetPath = (item) => `${item.kind}s/${encodeURIComponent(item.id)}/livestream`;

async function act(what, run) {
  try {
    await run();
    notice(`${what}: done.`, 'good');
    setTimeout(refresh, 1500);
  } catch (error) {
    notice(`${what}: ${error.message}`, 'bad');
    if (error.status === 403 && /Forbidden/.test(error.message)) disconnect('The API key was refused.');
  }
}

function startButton(item) {
  const settings = item.autoStart?.settings;
  return actionButton('Start', () => act(`Start ${label(item)}`, () => api('POST', `${targetPath(item)}/start`, settings ? { settings } : {})), {
    label: `Start the stream of ${label(item)}`,
  });
}

function stopButton(item) {
  return actionButton('Stop', () => act(`Stop ${label(item)}`, () => api('POST', `${targetPath(item)}/stop`, {})), {
    className: 'danger',
    label: `Stop the stream of ${label(item)}`,
  });
}

/** Layout of a live stream; Zoom has no mode change for webinars. */
function modeControl(item) {
  if (item.kind !== 'meeting') return el('span');
  const id = `mode-${item.id}`;
  const select = el('select', { attrs: { id, 'aria-label': `Layout of ${label(item)}` } }, [
    el('option', { text: 'Layout…', attrs: { value: '' } }),
    el('option', { text: 'Follow host', attrs: { value: 'follow_host' } }),
    el('option', { text: 'Gallery view', attrs: { value: 'gallery_view' } }),
    el('option', { text: 'Speaker view', attrs: { value: 'speaker_view' } }),
  ]);
  const apply = actionButton(
    'Mode',
    () => {
      if (!select.value) {
        notice(`Mode of ${label(item)}: choose a layout first.`, 'bad');
        select.focus();
        return undefined;
      }
      return act(`Mode of ${label(item)}`, () => api('POST', `${targetPath(item)}/mode`, { settings: { layout: select.value } }));
    },
    { label: `Change the layout of ${label(item)}` },
  );
  return el('span', { className: 'mode' }, [select, apply]);
}

function renderLive(items) {
  const list = $('live');
  list.replaceChildren(
    ...items.map((item) =>
      el('li', { className: 'live-item' }, [
        el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }),
        el('span', { className: 'grow' }, [el('strong', { text: label(item) }), el('span', { className: 'muted', text: ` since ` }), timeEl(item.stream.since)]),
        stopButton(item),
      ]),
    ),
  );
  $('live-count').textContent = items.length ? `(${items.length})` : '';
  $('live-empty').hidden = items.length > 0;
}

function renderFailures(items, append) {
  const list = $('failures');
  const rows = items.map((failure) =>
    el('li', { className: 'failure' }, [
      el('div', { className: 'failure-head' }, [
        badge(failure.code, 'bad'),
        el('strong', { text: ` ${failure.kind === 'webinar' ? 'Webinar' : 'Meeting'} ${failure.id}` }),
        el('span', { className: 'muted' }, [' · ', timeEl(failure.failedAt), ` (${relative(failure.failedAt)}) · ${failure.origin}, ${failure.attempts} attempt${failure.attempts === 1 ? '' : 's'}`]),
      ]),
      el('p', { className: 'message', text: failure.message }),
      el('div', { className: 'row' }, [
        actionButton('Retry', () => act(`Retry of ${failure.id}`, () => api('POST', `failures/${encodeURIComponent(failure.failureId)}/retry`, {})), {
          label: `Retry the start of ${failure.kind} ${failure.id}`,
        }),
        failure.retried ? el('span', { className: 'muted' }, ['retried ', timeEl(failure.retried)]) : el('span'),
      ]),
    ]),
  );
  if (append) list.append(...rows);
  else list.replaceChildren(...rows);
  $('failures-count').textContent = list.children.length ? `(${list.children.length}${state.failuresNext ? '+' : ''})` : '';
  $('failures-empty').hidden = list.children.length > 0;
  $('failures-more').hidden = !state.failuresNext;
}

function renderNext(items) {
  const now = Date.now();
  const end = now + TIMELINE_HOURS * 3_600_000;
  const coming = items
    .filter((item) => item.nextStart && Date.parse(item.nextStart) <= end && Date.parse(item.nextStart) >= now - 15 * 60_000)
    .sort((a, b) => Date.parse(a.nextStart) - Date.parse(b.nextStart));
  const timeline = $('timeline');
  const ticks = [];
  for (let hour = 0; hour <= TIMELINE_HOURS; hour += 2) {
    const edge = hour === 0 ? ' first' : hour === TIMELINE_HOURS ? ' last' : '';
    const tick = el('span', { className: `tick${edge}`, text: timeFormat.format(new Date(now + hour * 3_600_000)) });
    // CSSOM, not a style attribute: allowed by the page's style-src 'self'.
    tick.style.left = `${(hour / TIMELINE_HOURS) * 100}%`;
    ticks.push(tick);
  }
  const marks = coming.map((item) => {
    const mark = el('span', { className: 'mark', attrs: { title: `${label(item)} at ${when(item.nextStart)}` } });
    mark.style.left = `${Math.max(0, Math.min(1, (Date.parse(item.nextStart) - now) / (end - now))) * 100}%`;
    return mark;
  });
  timeline.replaceChildren(...ticks, ...marks);
  $('next').replaceChildren(
    ...coming.map((item) =>
      el('li', {}, [timeEl(item.nextStart), el('span', { className: 'muted', text: ` ${relative(item.nextStart)} · ` }), el('strong', { text: label(item) }), ` ${settingsText(item.autoStart)}`]),
    ),
  );
  $('next-empty').hidden = coming.length > 0;
}

function renderRegistrations(items, append) {
  const body = $('registrations').tBodies[0];
  const rows = items.map((item) =>
    el('tr', {}, [
      el('th', { attrs: { scope: 'row' }, text: label(item) }),
      el('td', {}, [streamBadge(item.stream)]),
      el('td', { className: 'settings', text: settingsText(item.autoStart) }),
      el('td', {}, [item.nextStart ? timeEl(item.nextStart) : '—']),
      el('td', {}, [lastStartCell(item.lastStart)]),
      el('td', { className: 'actions' }, [startButton(item), stopButton(item), modeControl(item)]),
    ]),
  );
  if (append) body.append(...rows);
  else body.replaceChildren(...rows);
  $('registrations-empty').hidden = body.children.length > 0;
  $('registrations-more').hidden = !state.registrationsNext;
}

function notice(text, tone) {
  const node = $('notice');
  node.textContent = text;
  node.className = `notice ${tone}`;
  node.hidden = false;
}

// ---- loading ----

async function refresh() {
  if (!state.key) return;
  clearTimeout(state.timer);
  // Each list is drawn as soon as its answer arrives; the board shows with the first.
  const shown = (render) => (page) => {
    render(page);
    showBoard();
    if (!document.body.dataset.firstList) {
      document.body.dataset.firstList = 'true';
      performance.mark('console:first-list');
    }
  };
  try {
    await Promise.all([
      api('GET', 'livestreams?state=live&limit=100').then(shown((page) => renderLive(page.items))),
      api('GET', 'failures?limit=20').then(
        shown((page) => {
          state.failuresNext = page.next;
          renderFailures(page.items, false);
        }),
      ),
      api('GET', 'livestreams?state=armed&limit=100').then(shown((page) => renderNext(page.items))),
      api('GET', 'livestreams?limit=50').then(
        shown((page) => {
          state.registrationsNext = page.next;
          renderRegistrations(page.items, false);
        }),
      ),
    ]);
    $('status').textContent = `Updated ${timeFormat.format(new Date())} · refreshes every ${REFRESH_MS / 1000} s`;
    document.body.dataset.loaded = 'true';
  } catch (error) {
    if (error.status === 403) return disconnect(`The API key was refused (${error.message}).`);
    $('status').textContent = `Could not refresh: ${error.message}`;
  }
  state.timer = setTimeout(refresh, REFRESH_MS);
}

async function more(kind) {
  try {
    if (kind === 'failures') {
      const page = await api('GET', `failures?limit=20&next=${encodeURIComponent(state.failuresNext)}`);
      state.failuresNext = page.next;
      renderFailures(page.items, true);
    } else {
      const page = await api('GET', `livestreams?limit=50&next=${encodeURIComponent(state.registrationsNext)}`);
      state.registrationsNext = page.next;
      renderRegistrations(page.items, true);
    }
  } catch (error) {
    notice(`Loading more: ${error.message}`, 'bad');
  }
}

function showBoard() {
  $('connect').hidden = true;
  $('board').hidden = false;
  $('refresh').hidden = false;
  $('forget').hidden = false;
}

function disconnect(reason) {
  clearTimeout(state.timer);
  state.key = null;
  sessionStorage.removeItem(KEY_STORAGE);
  $('board').hidden = true;
  $('refresh').hidden = true;
  $('forget').hidden = true;
  $('connect').hidden = false;
  $('status').textContent = 'Not connected';
  const error = $('key-error');
  error.textContent = reason ?? '';
  error.hidden = !reason;
  $('api-key').value = '';
  $('api-key').focus();
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('api-key').value.trim();
  if (!key) return;
  state.key = key;
  sessionStorage.setItem(KEY_STORAGE, key);
  $('key-error').hidden = true;
  $('status').textContent = 'Connecting…';
  void refresh();
});
$('refresh').addEventListener('click', () => void refresh());
$('forget').addEventListener('click', () => disconnect());
$('failures-more').addEventListener('click', () => void more('failures'));
$('registrations-more').addEventListener('click', () => void more('registrations'));

if (state.key) void refresh();
else $('api-key').focus();
