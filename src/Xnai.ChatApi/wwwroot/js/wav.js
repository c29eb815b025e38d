// Microphone samples -> the WAV the voice chat accepts: 16 kHz, mono, 16-bit PCM. Pure functions, no DOM.

export const TARGET_RATE = 16000;

/**
 * Resamples mono float samples from `fromRate` to `toRate` with a windowed-sinc (Lanczos, a = 8) low-pass,
 * so speech above the new Nyquist frequency is filtered out instead of folding back as noise.
 */
export function resample(samples, fromRate, toRate = TARGET_RATE) {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('sample rates must be positive');
  if (fromRate === toRate) return Float32Array.from(samples);
  const ratio = fromRate / toRate;
  const outLength = Math.floor(samples.length / ratio);
  const out = new Float32Array(outLength);
  const a = 8;
  // When downsampling the kernel is stretched: its cut-off sits at the output's Nyquist frequency.
  const scale = Math.max(ratio, 1);
  const radius = Math.ceil(a * scale);
  for (let i = 0; i < outLength; i++) {
    const center = i * ratio;
    const first = Math.max(0, Math.floor(center) - radius + 1);
    const last = Math.min(samples.length - 1, Math.floor(center) + radius);
    let sum = 0;
    let weights = 0;
    for (let j = first; j <= last; j++) {
      const w = lanczos((j - center) / scale, a);
      sum += samples[j] * w;
      weights += w;
    }
    out[i] = weights > 0 ? sum / weights : 0;
  }
  return out;
}

function lanczos(x, a) {
  if (x === 0) return 1;
  if (x <= -a || x >= a) return 0;
  const px = Math.PI * x;
  return (a * Math.sin(px) * Math.sin(px / a)) / (px * px);
}

/** Mixes channels (arrays of equal length) down to one. */
export function downmix(channels) {
  if (channels.length === 1) return channels[0];
  const out = new Float32Array(channels[0].length);
  for (const channel of channels) {
    for (let i = 0; i < out.length; i++) out[i] += channel[i] / channels.length;
  }
  return out;
}

/** Joins recorded chunks into one buffer. */
export function concat(chunks) {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Encodes mono float samples in [-1, 1] as a RIFF/WAVE file of 16-bit little-endian PCM. */
export function encodeWav(samples, sampleRate = TARGET_RATE) {
  const dataBytes = samples.length * 2;
  const buffer = new ArrayBuffer(44 + dataBytes);
  const view = new DataView(buffer);
  const ascii = (offset, text) => { for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i)); };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);           // fmt chunk size
  view.setUint16(20, 1, true);            // PCM
  view.setUint16(22, 1, true);            // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true);            // block align
  view.setUint16(34, 16, true);           // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    view.setInt16(44 + i * 2, s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff), true);
  }
  return buffer;
}

/** Root-mean-square level of a block, 0..1, for the level meter. */
export function rms(block) {
  let sum = 0;
  for (let i = 0; i < block.length; i++) sum += block[i] * block[i];
  return block.length ? Math.sqrt(sum / block.length) : 0;
}
