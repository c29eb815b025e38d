// The status bar: each breaker's state, live from /api/circuits/stream (Server-Sent Events), with the time until retry.
import { getCircuits } from './api.js';
import { formatSeconds, startCountdown } from './countdown.js';
import { BREAKERS, STATE_TEXT } from './labels.js';

const RECONNECT_MAX_MS = 15_000;
const STALE_AFTER_MS = 4_000;

export class CircuitBar {
  /** `list` is the <ul> to fill; `onChange(name, state, retryAfterSeconds)` tells the page (e.g. the mic button). */
  constructor(list, { onChange } = {}) {
    this.onChange = onChange || (() => {});
    this.items = new Map();
    this.states = new Map();
    this.countdowns = new Map();
    this.reconnectDelay = 1000;
    this.refreshing = null;
    this.staleTimer = null;
    for (const { name, label } of BREAKERS) {
      const item = document.createElement('li');
      item.className = 'breaker';
      item.dataset.breaker = name;
      item.dataset.state = 'unknown';
      const dot = document.createElement('span');
      dot.className = 'dot';
      dot.setAttribute('aria-hidden', 'true');
      const name_ = document.createElement('span');
      name_.className = 'breaker-name';
      name_.textContent = label;
      const state = document.createElement('span');
      state.className = 'breaker-state';
      state.textContent = STATE_TEXT.unknown;
      item.append(dot, name_, state);
      list.append(item);
      this.items.set(name, { item, state, label });
    }
  }

  /** The last known state of a breaker ('unknown' before the stream has said). */
  stateOf(name) {
    return this.states.get(name) || { state: 'unknown', retryAfter: null };
  }

  connect() {
    if (this.source) this.source.close();
    const source = new EventSource('/api/circuits/stream');
    this.source = source;
    source.addEventListener('open', () => {
      clearTimeout(this.staleTimer);
      this.reconnectDelay = 1000;
      this.scheduleRefresh();
    });
    source.addEventListener('circuit', (event) => {
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if ((data.kind === 'state' || data.kind === 'transition') && data.to) {
        this.set(data.circuit, data.to, null);
        this.scheduleRefresh();
      }
    });
    source.addEventListener('error', () => {
      // Without the stream the states may be stale: say so until it is back (then 'state' events refill them).
      // The server also ends each stream after its lifetime; a reconnect within a few seconds is not worth a flicker.
      clearTimeout(this.staleTimer);
      this.staleTimer = setTimeout(() => { for (const { name } of BREAKERS) this.set(name, 'unknown', null); }, STALE_AFTER_MS);
      // The browser reconnects by itself after a dropped stream; after an HTTP error it gives up, so we retry.
      if (source.readyState === EventSource.CLOSED) {
        const wait = this.reconnectDelay;
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
        setTimeout(() => { if (this.source === source) this.connect(); }, wait);
      }
    });
  }

  /** Reads retry-after times from /api/circuits once the burst of events settles. */
  scheduleRefresh() {
    clearTimeout(this.refreshing);
    this.refreshing = setTimeout(() => this.refresh(), 150);
  }

  async refresh() {
    try {
      const circuits = await getCircuits();
      for (const { name } of BREAKERS) {
        const snapshot = circuits[name];
        if (snapshot) this.set(name, snapshot.state, snapshot.retry_after_seconds ?? null);
      }
    } catch {
      // The stream's own reconnect reports an unreachable chatapi; nothing more to say here.
    }
  }

  set(name, state, retryAfter) {
    const entry = this.items.get(name);
    if (!entry) return;
    const previous = this.states.get(name);
    const retry = state === 'open' ? (retryAfter ?? previous?.retryAfter ?? null) : null;
    this.states.set(name, { state, retryAfter: retry });
    entry.item.dataset.state = state;
    this.countdowns.get(name)?.stop();
    this.countdowns.delete(name);

    const describe = (left) => {
      const base = STATE_TEXT[state] || state;
      entry.state.textContent = state === 'open' && left !== null
        ? (left > 0 ? `${base} · retry in ${formatSeconds(left)}` : `${base} · retrying`)
        : base;
      entry.item.title = `${entry.label}: ${entry.state.textContent}`;
    };

    if (state === 'open' && retry !== null) {
      this.countdowns.set(name, startCountdown(Math.round(retry), describe));
    } else {
      describe(null);
    }

    if (!previous || previous.state !== state || previous.retryAfter !== retry) this.onChange(name, state, retry);
  }
}
