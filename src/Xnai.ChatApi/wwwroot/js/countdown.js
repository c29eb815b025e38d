// Live "retrying in N s" countdowns. The deadline is fixed when a countdown starts, so a throttled tab never drifts.

/** Whole seconds left until `deadline` (ms since the epoch), never negative. */
export function secondsLeft(deadline, now = Date.now()) {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** "45 s", "2 min 5 s". */
export function formatSeconds(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/**
 * Calls `onTick(secondsLeft)` now and as the seconds pass, last with 0, then stops by itself.
 * Returns a handle whose `stop()` ends it early.
 */
export function startCountdown(seconds, onTick, { now = () => Date.now() } = {}) {
  const deadline = now() + Math.max(0, seconds) * 1000;
  let timer = null;
  let last = -1;
  const stop = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const tick = () => {
    const left = secondsLeft(deadline, now());
    if (left !== last) {
      last = left;
      onTick(left);
    }
    if (left === 0) stop();
  };
  tick();
  if (last > 0) timer = setInterval(tick, 250);
  return { stop, deadline };
}
