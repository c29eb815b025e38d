// Talks to chatapi: every call classifies its failure so the page can say what happened in plain words.

// A chat answer takes well under a second (the knowledge base has 2 s, Redis 1 s); past this chatapi is taken as unreachable.
const CHAT_TIMEOUT_MS = 15_000;
const VOICE_TIMEOUT_MS = 90_000;

/**
 * kind: 'unreachable' (no answer from chatapi at all), 'busy' (429 after the one retry), 'unavailable' (503),
 * 'rejected' (a 4xx: the request itself was not accepted) or 'server' (another 5xx).
 */
export class ApiError extends Error {
  constructor(kind, message, { status = 0, retryAfter = null, problem = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
    this.problem = problem;
  }
}

/** Retry-After in whole seconds (delta-seconds or an HTTP date), or null. */
export function retryAfterSeconds(headerValue, now = Date.now()) {
  if (!headerValue) return null;
  const seconds = Number(headerValue);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(headerValue);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

async function readProblem(response) {
  try {
    const body = await response.json();
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    return {};
  }
}

function describeProblem(problem, status) {
  if (problem.errors && typeof problem.errors === 'object') {
    const first = Object.values(problem.errors).flat()[0];
    if (first) return String(first);
  }
  return problem.detail || problem.title || `The request was not accepted (${status}).`;
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fetch with a deadline; a 429 is retried once after its Retry-After (`onBusy(seconds)` lets the page say so).
 */
async function request(path, init = {}, { timeoutMs = CHAT_TIMEOUT_MS, onBusy } = {}) {
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(path, { ...init, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error && error.name === 'TimeoutError';
      throw new ApiError('unreachable', timedOut ? 'Xnai did not answer in time.' : 'Xnai cannot be reached.');
    }

    if (response.ok) return response.json();

    const retryAfter = retryAfterSeconds(response.headers.get('Retry-After'));
    const problem = await readProblem(response);
    if (response.status === 429 && attempt === 0) {
      const wait = retryAfter ?? 1;
      if (onBusy) onBusy(wait);
      await delay(wait * 1000);
      continue;
    }

    // The Aspire proxy answers 502/504 while chatapi itself is restarting: to a person that is "unreachable".
    const kind = response.status === 429 ? 'busy'
      : response.status === 503 ? 'unavailable'
        : response.status === 502 || response.status === 504 ? 'unreachable'
          : response.status < 500 ? 'rejected' : 'server';
    throw new ApiError(kind, describeProblem(problem, response.status), { status: response.status, retryAfter, problem });
  }
}

/** POST /api/chat. */
export function postChat(message, sessionId, options) {
  return request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message, sessionId: sessionId ?? null }),
  }, options);
}

/** POST /api/chat/voice with a 16 kHz mono 16-bit WAV (a Blob). */
export async function postVoice(wav, sessionId, options) {
  const query = sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : '';
  return request(`/api/chat/voice${query}`, {
    method: 'POST',
    headers: { 'content-type': 'audio/wav' },
    // Bytes rather than the Blob itself: the same upload, but visible to the browser's devtools and tests.
    body: await wav.arrayBuffer(),
  }, { timeoutMs: VOICE_TIMEOUT_MS, ...options });
}

/** GET /api/sessions/{id}: the stored conversation. */
export function getSession(sessionId) {
  return request(`/api/sessions/${encodeURIComponent(sessionId)}`);
}

/** GET /api/circuits: every breaker's snapshot (snake_case). */
export function getCircuits() {
  return request('/api/circuits', {}, { timeoutMs: 10_000 });
}

/** True when chatapi answers its liveness probe. */
export async function isReachable() {
  try {
    const response = await fetch('/alive', { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}
