// What the page keeps in the browser: the session id (so a reload shows the conversation) and the unsent draft.
const SESSION_KEY = 'xnai.sessionId';
const DRAFT_KEY = 'xnai.draft';

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: the page still works, it just forgets on reload
  }
}

function write(key, value) {
  try {
    if (value) localStorage.setItem(key, value);
    else localStorage.removeItem(key);
  } catch {
    // as above
  }
}

export const storage = {
  get sessionId() { return read(SESSION_KEY); },
  set sessionId(value) { write(SESSION_KEY, value); },
  get draft() { return read(DRAFT_KEY) || ''; },
  set draft(value) { write(DRAFT_KEY, value); },
};
