// Microphone -> 16 kHz mono 16-bit WAV, through the Web Audio API (raw PCM, never webm/opus).
import { concat, downmix, encodeWav, resample, rms, TARGET_RATE } from './wav.js';

/** Longest recording; the voice chat's upload limit is far above 30 s of 16 kHz PCM (about 1 MB). */
export const MAX_SECONDS = 30;
const MIN_SECONDS = 0.4;
const FLUSH_TIMEOUT_MS = 1000;

/** reason: 'unsupported', 'denied', 'no-device', 'too-short' or 'failed'; the message is for a person. */
export class MicrophoneError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = 'MicrophoneError';
    this.reason = reason;
  }
}

function explain(error) {
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new MicrophoneError('denied', 'Microphone access was refused. Allow it in the browser\'s site settings to speak, or type your question.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new MicrophoneError('no-device', 'No microphone was found. Connect one to speak, or type your question.');
    default:
      return new MicrophoneError('failed', 'The microphone could not be started. You can still type your question.');
  }
}

/**
 * Starts recording. `onLevel(0..1)` drives the level meter, `onTick(seconds)` the timer, `onLimit()` fires once at MAX_SECONDS.
 * Resolves to a recording with `stop()` (-> WAV Blob) and `cancel()`.
 */
export async function startRecording({ onLevel, onTick, onLimit, maxSeconds = MAX_SECONDS } = {}) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.AudioWorkletNode) {
    throw new MicrophoneError('unsupported', 'This browser cannot record audio here. You can still type your question.');
  }

  // The capture graph is ready before the microphone opens: audio flows from the moment the stream exists, and a
  // busy machine that is slow to load the worklet used to drop the first words said after pressing the button.
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule('/js/capture-worklet.js');
    if (context.state !== 'running') await context.resume();
  } catch {
    await context.close();
    throw new MicrophoneError('failed', 'The microphone could not be started. You can still type your question.');
  }

  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true },
    });
  } catch (error) {
    await context.close();
    throw explain(error);
  }

  const capture = new AudioWorkletNode(context, 'xnai-capture');
  const source = context.createMediaStreamSource(stream);
  // The graph must reach the destination to be processed; the silent gain keeps the speakers quiet.
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(capture).connect(mute).connect(context.destination);

  const chunks = [];
  const limit = Math.floor(maxSeconds * context.sampleRate);
  let samples = 0;
  let limited = false;
  let flushed = null;
  capture.port.onmessage = (event) => {
    if (event.data === 'flushed') {
      if (flushed) flushed();
      return;
    }
    if (samples >= limit) return;
    const block = downmix(event.data);
    chunks.push(block);
    samples += block.length;
    if (onLevel) onLevel(Math.min(1, rms(block) * 4));
    if (samples >= limit && !limited) {
      limited = true;
      if (onLimit) onLimit();
    }
  };

  const started = performance.now();
  const timer = setInterval(() => { if (onTick) onTick((performance.now() - started) / 1000); }, 200);
  if (onTick) onTick(0);

  // Blocks the audio thread posted before "stop" may still be queued for this thread; the worklet answers a flush
  // after all of them (one port keeps its order), so the last word is not cut off. Bounded, for a context that stalls.
  const flush = () => new Promise((resolve) => {
    const done = setTimeout(resolve, FLUSH_TIMEOUT_MS);
    flushed = () => { clearTimeout(done); resolve(); };
    capture.port.postMessage('flush');
  });

  let finished = false;
  const release = async () => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    capture.port.onmessage = null;
    source.disconnect();
    capture.disconnect();
    stream.getTracks().forEach((track) => track.stop());
    await context.close();
  };

  return {
    sampleRate: context.sampleRate,
    async stop() {
      const rate = context.sampleRate;
      await flush();
      await release();
      const recorded = concat(chunks);
      if (recorded.length < MIN_SECONDS * rate) {
        throw new MicrophoneError('too-short', 'That recording was too short. Hold on a little longer, then press the button again to send.');
      }
      return new Blob([encodeWav(resample(recorded, rate, TARGET_RATE), TARGET_RATE)], { type: 'audio/wav' });
    },
    cancel: release,
  };
}
