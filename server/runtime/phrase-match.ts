/**
 * Whole-word phrase matching for workflow interrupts: "agent" matches "I want an
 * Agent!" but not "agenda".
 */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True when `text` contains `phrase` as whole words, ignoring case and spacing.
 * @example containsPhrase('Can I talk to a real person?', 'real person') // true
 */
export function containsPhrase(text: string, phrase: string): boolean {
  const words = phrase.trim().split(/\s+/).filter((word) => word !== '').map(escape);
  if (words.length === 0) return false;
  const regex = new RegExp(`(?<![\\p{L}\\p{N}_])${words.join('\\s+')}(?![\\p{L}\\p{N}_])`, 'iu');
  return regex.test(text);
}
