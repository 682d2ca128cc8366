/**
 * Live updates from the server's event stream (docs/dashboard.md#live-updates), read with fetch so the
 * token goes in a header (EventSource cannot send one), and a polling fallback for servers without it.
 */
import { authHeaders } from './api.js';

/** How often the fallback refreshes. */
export const POLL_MS = 5000;
/** The server sends a heartbeat every 15 s; this long without a byte means the connection is dead. */
const SILENCE_MS = 45000;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30000;

/**
 * An incremental text/event-stream parser: feed it text as it arrives, in pieces of any size; it calls
 * `onEvent({type, data, id})` at each blank line. Unlike EventSource it also reports an event that has a
 * type but no data line (a bare `event: reload`), since such an event still means something here.
 */
export function createParser({ onEvent, onRetry }) {
  let buffer = '';
  let first = true;
  let type = '';
  let data = '';
  let hasData = false;
  let lastEventId = '';

  function line(text) {
    if (text === '') {
      if (hasData || type) {
        onEvent({ type: type || 'message', data: hasData ? data.slice(0, -1) : '', id: lastEventId });
      }
      type = '';
      data = '';
      hasData = false;
      return;
    }
    if (text.startsWith(':')) {
      return; // a comment: the heartbeat
    }
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      type = value;
    } else if (field === 'data') {
      data += `${value}\n`;
      hasData = true;
    } else if (field === 'id' && !value.includes('\0')) {
      lastEventId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      onRetry(Number(value));
    }
  }

  return {
    feed(chunk) {
      buffer += chunk;
      if (first && buffer.length > 0) {
        first = false;
        if (buffer.startsWith('\uFEFF')) {
          buffer = buffer.slice(1);
        }
      }
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') {
          continue;
        }
        if (c === '\r' && i + 1 === buffer.length) {
          break; // a CR at the end may be half of a CRLF: wait for the next piece
        }
        line(buffer.slice(start, i));
        if (c === '\r' && buffer[i + 1] === '\n') {
          i++;
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}

/**
 * Keeps one event stream open: reconnects after a drop with Last-Event-ID and a growing, jittered delay;
 * calls `onState` with connecting, live, reconnecting, unavailable (no such endpoint) or denied.
 */
export function openStream(url, { onEvent, onState }) {
  let stopped = false;
  let controller = null;
  let attempt = 0;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer = null;
  let silenceTimer = null;
  const parser = createParser({ onEvent, onRetry: (ms) => { retryMs = ms; } });

  function watch() {
    clearTimeout(silenceTimer);
    silenceTimer = setTimeout(() => controller.abort(), SILENCE_MS);
  }

  function retry() {
    clearTimeout(silenceTimer);
    if (stopped) {
      return;
    }
    onState('reconnecting');
    const delay = Math.min(MAX_RETRY_MS, retryMs * 2 ** attempt) * (0.8 + Math.random() * 0.4);
    attempt = Math.min(attempt + 1, 10);
    retryTimer = setTimeout(connect, delay);
  }

  async function connect() {
    controller = new AbortController();
    const headers = { Accept: 'text/event-stream', ...authHeaders() };
    if (parser.lastEventId) {
      headers['Last-Event-ID'] = parser.lastEventId;
    }
    let response;
    try {
      response = await fetch(url, { headers, cache: 'no-store', signal: controller.signal });
    } catch {
      retry();
      return;
    }
    const type = response.headers.get('Content-Type') || '';
    if (response.status === 401 || response.status === 403) {
      onState('denied');
      return;
    }
    if ([404, 405, 501].includes(response.status) || (response.ok && !type.startsWith('text/event-stream'))) {
      response.body?.cancel().catch(() => {});
      onState('unavailable');
      return;
    }
    if (!response.ok || !response.body) {
      retry();
      return;
    }
    onState('live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    watch();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        attempt = 0;
        watch();
        parser.feed(value);
      }
    } catch {
      // dropped, or aborted by the silence watch or stop()
    }
    retry();
  }

  onState('connecting');
  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(silenceTimer);
      controller?.abort();
    },
  };
}

/**
 * Follows `url`'s events, or, where the server has no event stream (an older one), calls `poll`
 * every few seconds while the page is visible. `indicator` hears each state.
 */
export function follow(url, { onEvent, poll, indicator }) {
  let pollTimer = null;
  openStream(url, {
    onEvent,
    onState(state) {
      indicator(state);
      if (state === 'unavailable' && pollTimer === null) {
        pollTimer = setInterval(() => {
          if (!document.hidden) {
            poll();
          }
        }, POLL_MS);
        document.addEventListener('visibilitychange', () => {
          if (!document.hidden) {
            poll();
          }
        });
      }
    },
  });
}
