/**
 * Question focus in long messages. Agents often tell a story before asking ("ce matin en
 * déchargeant le camion je me suis fait mal au dos, j'ai rien dit à mon chef, est-ce que je dois
 * déclarer quelque chose ?"): the words of the story matter less than the words of the question.
 * A message is cut into clauses; the clauses that carry a question (a "?", an interrogative word,
 * "est-ce que", "je peux", "how", "can I"...) are the focus, the others are context and weigh less.
 * Short messages are one clause and keep full weight.
 */
import { foldText } from './normalize.js';
import { contentWords } from './vocabulary.js';

/** One clause of a message and whether it carries the question. */
export interface Segment {
  readonly text: string;
  readonly focus: boolean;
}

/** Clause separators: sentence ends, semicolons, line breaks, and commas or colons before a new clause. */
const SPLIT = /(?<=[.!?;:\n])\s*|,\s+/u;

/**
 * Interrogative cues, on folded text. Deliberately general French and English question forms,
 * not tied to any FAQ: interrogative words, inversions ("puis-je", "ai-je"), modal questions.
 */
const QUESTION_CUES = new RegExp(
  '(^|\\s)(' + [
    'comment', 'combien', 'cb', 'cmb', 'quand', 'pourquoi', 'quel', 'quelle', 'quels', 'quelles', 'qui', 'quoi', 'koi', 'ou est', 'ou sont',
    'ou se', 'ou je', 'ou trouver', 'ou voir', 'ou faire', 'ou envoyer', 'a qui', 'aupres de qui',
    'est ce que', 'est ce qu', 'est-ce', 'estce', 'puis je', 'puis-je', 'ai je', 'ai-je', 'dois je', 'dois-je', 'suis je', 'suis-je',
    'je peux', 'jpeux', 'on peut', 'peut on', 'peut-on', 'je dois', 'faut il', 'faut-il', 'il faut', 'ai droit', 'a droit', 'le droit',
    'c est quoi', 'c quoi', 'cest quoi', 'que faire', 'je fais comment', 'on fait comment', 'je fais quoi', 'possible', 'normal',
    'how', 'what', 'when', 'where', 'why', 'who', 'which', 'can i', 'can we', 'do i', 'do we', 'does', 'is it', 'is there', 'am i', 'should i', 'will i', 'will my',
  ].map((cue) => cue.replace(/ /g, '\\s+')).join('|') + ')(\\s|$)',
);

/** Messages with fewer words than this are taken whole: there is no story to set aside. */
const MIN_WORDS_TO_SEGMENT = 10;

/** A question clause with fewer content words than this takes the clause before it as part of the question. */
const MIN_FOCUS_WORDS = 3;

/** Cuts a message into clauses and marks the question-bearing ones; a short message is one focus clause. */
export function segmentMessage(text: string): Segment[] {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length < MIN_WORDS_TO_SEGMENT) return [{ text: trimmed, focus: true }];
  const pieces = trimmed.split(SPLIT).map((p) => p.trim()).filter((p) => /[\p{L}\p{N}]/u.test(p));
  if (pieces.length <= 1) return [{ text: trimmed, focus: true }];
  const marked = pieces.map((piece) => {
    const folded = foldText(piece).replace(/[^a-z0-9?]+/g, ' ');
    return { text: piece, focus: piece.includes('?') || QUESTION_CUES.test(folded) };
  });
  // No explicit question: agents usually end with what they want ("... pour savoir mes droits").
  if (!marked.some((s) => s.focus)) marked[marked.length - 1] = { text: marked[marked.length - 1]!.text, focus: true };
  // A question clause with almost no subject refers back ("... il me reste 12 jours, vais-je les
  // perdre ?"): the clause just before it is part of the question.
  // Only a clause that asks counts: a clause pulled in this way does not pull in the one before it,
  // or a chain of short story clauses ("je suis tombé, j'ai le poignet cassé, c'est un AT ?") would all become the question.
  const asks = marked.map((s) => s.focus);
  for (let i = marked.length - 1; i > 0; i -= 1) {
    if (asks[i] && !marked[i - 1]!.focus && contentWords(marked[i]!.text).length < MIN_FOCUS_WORDS) {
      marked[i - 1] = { text: marked[i - 1]!.text, focus: true };
    }
  }
  return marked;
}
