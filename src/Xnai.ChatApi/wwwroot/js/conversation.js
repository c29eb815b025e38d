// The conversation: one <li> per turn. Text from the server is only ever set as textContent.
import { formatSeconds, startCountdown } from './countdown.js';
import { degradedLabel } from './labels.js';

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** What a degraded answer says about each part that was down, and when it will be tried again. */
export function degradedNotice(name, secondsLeft) {
  const label = degradedLabel(name);
  switch (name) {
    case 'session_store':
      return `${label} unavailable — this exchange is kept and will be saved when it is back.`;
    case 'rag_semantic':
      return `${label} is off — answered by keyword match only.`;
    default:
      return secondsLeft > 0
        ? `${label} unavailable — retrying in ${formatSeconds(secondsLeft)}.`
        : `${label} unavailable — it will be tried again with your next message.`;
  }
}

/** "HH:MM" (24 h, the reader's time zone) of an ISO timestamp. */
export function clockTime(iso) {
  const at = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The label of an earlier knowledge-base answer served while the knowledge base is down (chatapi's `stale`). */
export function staleNotice(stale, secondsLeft) {
  const from = `From an answer at ${clockTime(stale.answeredAt)}`;
  return secondsLeft > 0
    ? `${from} — the knowledge base is unavailable, retrying in ${formatSeconds(secondsLeft)}.`
    : `${from} — the knowledge base is unavailable, it will be tried again with your next message.`;
}

/**
 * The answer's text with each citation marker ("[1]") as a link that opens the sources and shows the cited one,
 * its quoted sentence highlighted. A marker naming no source stays plain text. Built with text nodes only.
 */
export function citedText(text, entries, details) {
  const paragraph = element('p', 'text');
  let last = 0;
  for (const match of text.matchAll(/\[(\d{1,2})\]/g)) {
    const entry = entries[Number(match[1]) - 1];
    if (!entry) continue;
    paragraph.append(document.createTextNode(text.slice(last, match.index)));
    const link = element('a', 'cite', match[0]);
    link.href = '#';
    link.setAttribute('aria-label', `Source ${match[1]}: ${entry.querySelector('.source-title')?.textContent ?? ''}`);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      details.open = true;
      for (const other of entries) other.classList.remove('cited');
      entry.classList.add('cited');
      entry.scrollIntoView({ block: 'nearest' });
    });
    paragraph.append(link);
    last = match.index + match[0].length;
  }
  paragraph.append(document.createTextNode(text.slice(last)));
  return paragraph;
}

/**
 * The snippet without the quoted sentences it starts with (rag starts a cited source's snippet at the quoted sentence,
 * which the page already shows highlighted just above): what follows them, or nothing.
 */
export function snippetAfterQuotes(snippet, quoted) {
  let text = (snippet ?? '').replace(/^…/, '');
  let cut = false;
  for (const sentence of quoted) {
    if (!text.startsWith(sentence)) break;
    text = text.slice(sentence.length).trimStart();
    cut = true;
  }
  if (!cut) return snippet ?? '';
  return text && text !== '…' ? `…${text}` : '';
}

export class Conversation {
  constructor(list, empty) {
    this.list = list;
    this.empty = empty;
    this.countdowns = [];
  }

  clear() {
    this.countdowns.forEach((c) => c.stop());
    this.countdowns = [];
    this.list.replaceChildren();
    this.empty.hidden = false;
  }

  add(item) {
    this.empty.hidden = true;
    this.list.append(item);
    item.scrollIntoView({ block: 'end', behavior: 'smooth' });
    return item;
  }

  /** The user's turn; `via` is 'voice' for a transcript. */
  user(text, { via = 'text', pending = false } = {}) {
    const item = element('li', 'message user');
    item.dataset.role = 'user';
    if (pending) item.dataset.pending = 'true';
    item.append(element('p', 'text', text));
    item.append(element('span', 'meta', via === 'voice' ? 'You, spoken' : 'You'));
    return this.add(item);
  }

  /** A placeholder while the answer is on its way. */
  thinking(label = 'Thinking…') {
    const item = element('li', 'message assistant thinking');
    item.setAttribute('aria-busy', 'true');
    const dots = element('span', 'dots');
    dots.setAttribute('aria-hidden', 'true');
    dots.append(element('span'), element('span'), element('span'));
    item.append(dots, element('span', 'thinking-label', label));
    return this.add(item);
  }

  /** An answer: text, sources, the degradation notice with its countdown, and the spoken answer when there is one. */
  assistant(answer, { placeholder } = {}) {
    const item = element('li', 'message assistant');
    item.dataset.role = 'assistant';
    const services = answer.degradedServices || [];
    if (answer.degraded && services.length > 0) {
      item.classList.add('degraded');
      const notice = element('div', 'notice');
      notice.setAttribute('role', 'status');
      const lines = services.map((name) => {
        const line = element('p', 'notice-line');
        line.dataset.service = name;
        notice.append(line);
        return { name, line };
      });
      // A stale answer's rag line says where the answer came from: an earlier answer, of that time.
      const render = (left) => lines.forEach(({ name, line }) => {
        line.textContent = name === 'rag_api' && answer.stale ? staleNotice(answer.stale, left) : degradedNotice(name, left);
      });
      if (answer.retryAfterSeconds > 0) {
        this.countdowns.push(startCountdown(answer.retryAfterSeconds, render));
      } else {
        // chatapi sends no retry time when the dependency is tried again with the next message.
        render(0);
      }
      item.append(notice);
    }

    const sources = answer.sources || [];
    const entries = [];
    let details = null;
    if (sources.length > 0) {
      details = element('details', 'sources');
      details.append(element('summary', '', sources.length === 1 ? '1 source' : `${sources.length} sources`));
      const list = element('ol');
      for (const source of sources) {
        const entry = element('li', 'source');
        entry.append(element('strong', 'source-title', source.title));
        // The sentences the answer cites from this source, highlighted, then the passage's snippet.
        for (const sentence of source.quoted || []) {
          const quote = element('blockquote', 'source-quote');
          quote.append(element('mark', '', sentence));
          entry.append(quote);
        }
        const rest = snippetAfterQuotes(source.snippet, source.quoted || []);
        if (rest) entry.append(element('p', 'source-snippet', rest));
        list.append(entry);
        entries.push(entry);
      }
      details.append(list);
    }

    item.append(citedText(answer.answer ?? answer.text ?? '', entries, details));
    if (answer.notice) item.append(element('p', 'aside', answer.notice));
    if (details) item.append(details);

    if (answer.audio) {
      const bytes = Uint8Array.from(atob(answer.audio), (c) => c.charCodeAt(0));
      const audio = element('audio');
      audio.controls = true;
      audio.preload = 'auto';
      audio.src = URL.createObjectURL(new Blob([bytes], { type: answer.audioContentType || 'audio/wav' }));
      audio.setAttribute('aria-label', 'Spoken answer');
      item.append(audio);
      // Autoplay where the browser allows it (a click just started the recording, so it usually does).
      audio.play().catch(() => {});
    }

    item.append(element('span', 'meta', 'Xnai'));
    if (placeholder) {
      placeholder.replaceWith(item);
      item.scrollIntoView({ block: 'end', behavior: 'smooth' });
      return item;
    }
    return this.add(item);
  }

  /** A message from the page itself (not the server's answer): an error or an explanation. */
  system(text, { placeholder, tone = 'error' } = {}) {
    const item = element('li', `message system ${tone}`);
    item.setAttribute('role', 'status');
    item.append(element('p', 'text', text));
    if (placeholder) {
      placeholder.replaceWith(item);
      return item;
    }
    return this.add(item);
  }

  /** Turns read back from GET /api/sessions/{id}. */
  history(turns) {
    for (const turn of turns) {
      if (turn.role === 'user') {
        this.user(turn.text);
      } else {
        const item = this.assistant({ answer: turn.text });
        if (turn.degraded) item.classList.add('degraded-past');
      }
    }
  }
}
