/** Advice given to HR at import (core/kb/faq-advice.ts). */
import { adviseOnFaq } from '../../../core/kb/faq-advice.js';
import type { FaqEntry } from '../../../core/kb/faq-entry.js';

const entry = (id: string, alternates: string[] = []): FaqEntry => ({ id, question: `Question ${id} ?`, alternates, answer: 'Réponse.', category: null, link: null });

describe('adviseOnFaq', () => {
  it('advises alternates when at least half of the entries have none, naming the first ones', () => {
    const faq = Array.from({ length: 14 }, (_, i) => entry(`E-${i}`, i < 2 ? ['autre formulation'] : []));
    const [advice, ...rest] = adviseOnFaq(faq);
    expect(rest).toEqual([]);
    expect(advice).toMatchObject({ code: 'few_alternates', entryCount: 12 });
    expect(advice!.entryIds).toEqual(['E-2', 'E-3', 'E-4', 'E-5', 'E-6', 'E-7', 'E-8', 'E-9', 'E-10', 'E-11']);
    expect(advice!.message).toMatch(/^12 entrées sur 14 n'ont aucune variante/);
    expect(advice!.messageEn).toMatch(/^12 of 14 entries have no alternate phrasing/);
  });

  it('says nothing when most entries have alternates, or when the FAQ is empty', () => {
    expect(adviseOnFaq([entry('A', ['x']), entry('B', ['y']), entry('C')])).toEqual([]);
    expect(adviseOnFaq([])).toEqual([]);
  });
});
