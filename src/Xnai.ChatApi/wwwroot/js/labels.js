// What each dependency is called on the page. Breaker names come from /api/circuits, degraded names from chat answers.

export const BREAKERS = [
  { name: 'rag_api', label: 'Knowledge base' },
  { name: 'redis', label: 'Memory' },
  { name: 'voice_processing', label: 'Voice' },
];

const DEGRADED = {
  rag_api: 'Knowledge base',
  session_store: 'Conversation memory',
  voice_processing: 'Voice',
  rag_semantic: 'Semantic search',
};

export function degradedLabel(name) {
  return DEGRADED[name] || name;
}

/** How a breaker state reads to a person. */
export const STATE_TEXT = {
  closed: 'working',
  open: 'unavailable',
  half_open: 'checking',
  isolated: 'switched off',
  disabled: 'unprotected',
  unknown: 'connecting…',
};
