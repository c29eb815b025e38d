// Wires the page: composer, microphone, conversation, breaker bar and the connection banner.
import { getSession, isReachable, postChat, postVoice } from './api.js';
import { CircuitBar } from './circuits.js';
import { Conversation } from './conversation.js';
import { formatSeconds, startCountdown } from './countdown.js';
import { MicrophoneError, startRecording } from './recorder.js';
import { storage } from './storage.js';

const $ = (id) => document.getElementById(id);
const form = $('composer');
const input = $('message');
const send = $('send');
const mic = $('mic');
const micText = $('mic-text');
const panel = $('recording');
const level = $('level');
const timer = $('timer');
const voiceNote = $('voice-note');
const banner = $('connection');
const conversation = new Conversation($('messages'), $('empty'));

let busy = false;
let offline = false;
let recording = null;
let micProblem = null;
let voiceCountdown = null;

const circuits = new CircuitBar($('breakers'), {
  onChange: (name) => { if (name === 'voice_processing') updateMic(); },
});

function updateSend() {
  send.disabled = busy || offline || input.value.trim() === '';
}

function setBusy(value) {
  busy = value;
  form.setAttribute('aria-busy', String(value));
  updateSend();
  updateMic();
}

function autosize() {
  input.style.height = 'auto';
  input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
}

function showNote(text, tone = 'info') {
  voiceNote.textContent = text;
  voiceNote.dataset.tone = tone;
  voiceNote.hidden = !text;
}

function updateMic() {
  const { state, retryAfter } = circuits.stateOf('voice_processing');
  const down = state === 'open' || state === 'isolated';
  voiceCountdown?.stop();
  voiceCountdown = null;
  if (!recording) mic.disabled = busy || offline || down || micProblem === 'unsupported';
  mic.dataset.voice = down ? 'down' : 'up';
  if (down) {
    mic.setAttribute('aria-label', 'Voice is unavailable');
    if (state === 'isolated') {
      showNote('Voice is switched off for now. You can still type your question.', 'warning');
    } else if (retryAfter !== null) {
      voiceCountdown = startCountdown(Math.round(retryAfter), (left) => showNote(left > 0
        ? `Voice is unavailable — retrying in ${formatSeconds(left)}. You can still type your question.`
        : 'Voice is unavailable — checking whether it is back. You can still type your question.', 'warning'));
    } else {
      showNote('Voice is unavailable right now. You can still type your question.', 'warning');
    }
  } else if (!recording) {
    mic.setAttribute('aria-label', 'Record a spoken question');
    if (micProblem === null || micProblem === 'voice') showNote('');
  }
}

/** Says that chatapi cannot be reached, counts down to each retry, and resolves once it answers again. */
async function waitUntilReachable() {
  offline = true;
  updateSend();
  updateMic();
  banner.hidden = false;
  let wait = 2;
  while (!(await isReachable())) {
    await new Promise((resolve) => startCountdown(wait, (left) => {
      banner.textContent = `Xnai cannot be reached — retrying in ${formatSeconds(left)}. Your message is kept.`;
      if (left === 0) resolve();
    }));
    banner.textContent = 'Xnai cannot be reached — trying again now…';
    wait = Math.min(wait * 2, 15);
  }
  banner.hidden = true;
  offline = false;
  updateSend();
  updateMic();
}

function busyNotice(placeholder) {
  return (seconds) => startCountdown(seconds, (left) => {
    const label = placeholder.querySelector('.thinking-label');
    if (label) label.textContent = left > 0 ? `Xnai is busy — retrying in ${formatSeconds(left)}…` : 'Retrying…';
  });
}

async function handleFailure(error, { text, placeholder, retry }) {
  if (error.kind === 'unreachable') {
    placeholder.remove();
    if (text && input.value.trim() === '') {
      input.value = text;
      storage.draft = text;
      autosize();
    }
    await waitUntilReachable();
    // The message the person meant to send goes out as soon as Xnai is back, unless they changed it meanwhile.
    if (!retry) return;
    if (text === undefined) {
      await retry();
    } else if (input.value === text) {
      input.value = '';
      autosize();
      await retry();
    }
    return;
  }

  if (text && input.value.trim() === '') {
    input.value = text;
    autosize();
  }
  const message = error.kind === 'busy'
    ? `Xnai is busy right now${error.retryAfter ? ` — try again in ${formatSeconds(error.retryAfter)}` : ''}. Your message is still in the box.`
    : error.kind === 'server'
      ? 'Something went wrong on our side. Your message is still in the box; please try again.'
      : error.message;
  conversation.system(message, { placeholder, tone: error.kind === 'unavailable' ? 'warning' : 'error' });
}

async function sendText(text) {
  setBusy(true);
  const mine = conversation.user(text);
  const placeholder = conversation.thinking();
  try {
    const answer = await postChat(text, storage.sessionId, { onBusy: busyNotice(placeholder) });
    storage.sessionId = answer.sessionId;
    if (input.value.trim() === '') storage.draft = '';
    conversation.assistant(answer, { placeholder });
  } catch (error) {
    mine.remove();
    setBusy(false);
    await handleFailure(error, { text, placeholder, retry: () => sendText(text) });
  } finally {
    setBusy(false);
  }
}

async function sendVoice(wav) {
  setBusy(true);
  const placeholder = conversation.thinking('Listening…');
  try {
    const answer = await postVoice(wav, storage.sessionId, { onBusy: busyNotice(placeholder) });
    storage.sessionId = answer.sessionId;
    placeholder.before(conversation.user(answer.transcript, { via: 'voice' }));
    conversation.assistant(answer, { placeholder });
  } catch (error) {
    setBusy(false);
    if (error.kind === 'unavailable') circuits.refresh();
    await handleFailure(error, { placeholder, retry: () => sendVoice(wav) });
  } finally {
    setBusy(false);
  }
}

function resetRecordingUi() {
  panel.hidden = true;
  mic.setAttribute('aria-pressed', 'false');
  micText.textContent = 'Speak';
  level.style.setProperty('--level', '0');
  updateMic();
}

async function startVoice() {
  showNote('');
  micProblem = null;
  try {
    recording = await startRecording({
      onLevel: (value) => level.style.setProperty('--level', value.toFixed(3)),
      onTick: (seconds) => {
        const whole = Math.floor(seconds);
        timer.textContent = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
      },
      onLimit: () => finishVoice(),
    });
  } catch (error) {
    micProblem = error instanceof MicrophoneError ? error.reason : 'failed';
    showNote(error.message, 'warning');
    updateMic();
    return;
  }
  panel.hidden = false;
  mic.setAttribute('aria-pressed', 'true');
  mic.setAttribute('aria-label', 'Stop recording and send');
  micText.textContent = 'Stop & send';
}

async function finishVoice({ cancel = false } = {}) {
  const current = recording;
  if (!current) return;
  recording = null;
  resetRecordingUi();
  if (cancel) {
    await current.cancel();
    showNote('Recording cancelled.');
    return;
  }
  let wav;
  try {
    wav = await current.stop();
  } catch (error) {
    showNote(error.message, 'warning');
    return;
  }
  await sendVoice(wav);
}

async function restoreConversation() {
  const sessionId = storage.sessionId;
  if (!sessionId) return;
  try {
    const session = await getSession(sessionId);
    conversation.history(session.turns || []);
    if (session.degraded) {
      conversation.system('Conversation memory is unavailable right now: earlier messages will show again once it is back.', { tone: 'warning' });
    }
  } catch (error) {
    if (error.kind === 'unreachable') {
      await waitUntilReachable();
      await restoreConversation();
    } else if (error.kind === 'rejected') {
      storage.sessionId = null; // not a session id chatapi accepts: start afresh
    }
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = input.value.trim();
  if (!text || busy || offline) return;
  input.value = '';
  autosize();
  sendText(text);
});

input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

input.addEventListener('input', () => {
  storage.draft = input.value;
  autosize();
  updateSend();
});

mic.addEventListener('click', () => (recording ? finishVoice() : startVoice()));

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && recording) finishVoice({ cancel: true });
});

$('new-conversation').addEventListener('click', async () => {
  if (recording) await finishVoice({ cancel: true });
  storage.sessionId = null;
  conversation.clear();
  input.focus();
});

for (const suggestion of document.querySelectorAll('[data-suggestion]')) {
  suggestion.addEventListener('click', () => {
    input.value = suggestion.dataset.suggestion;
    storage.draft = input.value;
    autosize();
    updateSend();
    input.focus();
  });
}

if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  micProblem = 'unsupported';
  showNote('This browser cannot record audio here. You can still type your question.', 'warning');
}

input.value = storage.draft;
autosize();
updateSend();
updateMic();
circuits.connect();
restoreConversation();
