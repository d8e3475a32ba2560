/**
 * Text from data (camera names, operators, dataset labels, file names) made safe to display: bidirectional
 * control characters are removed, so "\u202Egnorw" cannot show as "wrong" and a label cannot reorder the
 * text around it; other control characters become spaces; the result is capped. Rendering stays as text
 * (never HTML) — this only fixes what the reader sees. Pure, no browser globals.
 */

/** LRM, RLM, ALM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI. */
const BIDI_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const OTHER_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function displayText(text: string, maxChars = 500): string {
  const clean = text.replace(BIDI_CONTROLS, '').replace(OTHER_CONTROLS, ' ');
  return clean.length > maxChars ? `${clean.slice(0, maxChars - 1)}…` : clean;
}

/** True when the text holds a bidirectional control character. */
export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  return /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/.test(text);
}
