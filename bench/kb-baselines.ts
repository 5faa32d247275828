/**
 * The two baselines of the HR FAQ evaluation, wrapped as answer functions: MiniSearch (fuzzy 0.2,
 * prefix) and Lunr with the lunr-languages French stemmer, each indexing question + alternates +
 * answer. Their top result is taken as the direct answer; no result means "none".
 */
import { createRequire } from 'node:module';
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { FaqEntry } from '../core/kb/faq-entry.js';
import type { AnswerFn } from '../core/kb/evaluate.js';

const require = createRequire(import.meta.url);
(require('lunr-languages/lunr.stemmer.support.js') as (l: typeof lunr) => void)(lunr);
(require('lunr-languages/lunr.fr.js') as (l: typeof lunr) => void)(lunr);

interface Doc { id: string; question: string; alternates: string; answer: string }

function docs(entries: readonly FaqEntry[]): Doc[] {
  return entries.map((e) => ({ id: e.id, question: e.question, alternates: e.alternates.join(' | '), answer: e.answer }));
}

/** MiniSearch baseline: fuzzy 0.2, prefix search, fields question + alternates + answer. */
export function miniSearchBaseline(entries: readonly FaqEntry[]): AnswerFn {
  const index = new MiniSearch<Doc>({ fields: ['question', 'alternates', 'answer'], storeFields: ['id'], searchOptions: { fuzzy: 0.2, prefix: true } });
  index.addAll(docs(entries));
  return (question) => {
    const top = index.search(question)[0];
    return top ? { outcome: 'answer', id: String(top.id), suggestions: [] } : { outcome: 'none', id: null, suggestions: [] };
  };
}

/** Lunr baseline with the French stemmer and stop words of lunr-languages. */
export function lunrBaseline(entries: readonly FaqEntry[]): AnswerFn {
  const index = lunr(function build() {
    // lunr-languages registers `lunr.fr` as a plugin.
    this.use((lunr as unknown as { fr: lunr.Builder.Plugin }).fr);
    this.ref('id');
    this.field('question');
    this.field('alternates');
    this.field('answer');
    for (const doc of docs(entries)) this.add(doc);
  });
  return (question) => {
    const tokens = lunr.tokenizer(question).map((t) => t.toString()).filter((t) => t.length > 0);
    // Built with the query API rather than the query string: agents' text contains ":" "-" "~"...
    const results = tokens.length === 0 ? [] : index.query((q) => {
      for (const token of tokens) q.term(token, { presence: lunr.Query.presence.OPTIONAL });
    });
    const top = results[0];
    return top ? { outcome: 'answer', id: top.ref, suggestions: [] } : { outcome: 'none', id: null, suggestions: [] };
  };
}
