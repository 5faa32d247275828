/**
 * Text normalization for the HR FAQ engine: agents write on a phone, in their own words
 * ("jpeux", "cb de jours", "c quoi le CET", no accents, emoji). Everything that the engine
 * compares goes through {@link normalizeTokens} first, the FAQ entries as well as the questions,
 * so both sides meet in the same spelling.
 */

/** Lowercase, strip diacritics and ligatures: "Congés Œuvres" → "conges oeuvres". */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/**
 * Short words that are ambiguous once lowercased and unaccented: "CA" (congés annuels) vs
 * "ça", "AT" (accident du travail) vs English "at", "CET" (compte épargne-temps) vs the French
 * demonstrative, "TT" (télétravail) vs SMS "tt" (tout), "AS" vs "as". The abbreviation sense is
 * kept as `abbr:<word>` only when the context says so (see {@link resolveAmbiguous}).
 */
const AMBIGUOUS = new Set(['ca', 'at', 'cet', 'tt', 'tp', 'mp', 'am']);

/** Determiners and verbs after which a short ambiguous word is an abbreviation ("mes CA", "poser un TP"). */
const ABBR_CONTEXT_BEFORE = new Set([
  'mes', 'mon', 'ma', 'tes', 'ton', 'ses', 'son', 'nos', 'notre', 'vos', 'votre', 'les', 'le', 'la', 'des', 'du', 'un', 'une',
  'en', 'de', 'd', 'poser', 'pose', 'prendre', 'solde', 'jours', 'jour', 'sur', 'combien', 'cb', 'nb', 'nombre',
  'declarer', 'declaration', 'reste', 'passer', 'demande', 'demander',
]);

/** SMS and chat spellings, mapped to plain French words (several words allowed). */
const SMS: Record<string, string> = {
  jpeux: 'je peux', jpe: 'je peux', jpx: 'je peux', jveux: 'je veux', jvx: 'je veux', jvoudrais: 'je voudrais',
  jsuis: 'je suis', jsui: 'je suis', chui: 'je suis', chuis: 'je suis', jss: 'je suis', jsé: 'je sais', jsais: 'je sais',
  jsp: 'je sais pas', jai: 'j ai', jé: 'j ai', g: 'j ai', jme: 'je me', jte: 'je te', jlai: 'je l ai', jdois: 'je dois',
  jfais: 'je fais', jarrive: 'j arrive', jvais: 'je vais', jcomprends: 'je comprends', jcrois: 'je crois', jpense: 'je pense',
  cb: 'combien', cmb: 'combien', cbn: 'combien', pk: 'pourquoi', pq: 'pourquoi', pkoi: 'pourquoi', pourkoi: 'pourquoi',
  qd: 'quand', kan: 'quand', qand: 'quand', koi: 'quoi', kwa: 'quoi', ke: 'que', ki: 'qui', kel: 'quel', kelle: 'quelle',
  c: 'c est', cest: 'c est', ct: 'c etait', dc: 'donc', mm: 'meme', pr: 'pour', ds: 'dans', vs: 'vous', ns: 'nous',
  tt: 'tout', tte: 'toute', ts: 'tous', tjrs: 'toujours', tjs: 'toujours', bcp: 'beaucoup', stp: 's il te plait', svp: 's il vous plait',
  slt: 'salut', bjr: 'bonjour', bsr: 'bonsoir', cc: 'coucou', mrc: 'merci', mci: 'merci', thx: 'thanks', ty: 'thanks', pls: 'please', plz: 'please',
  nb: 'nombre', mdp: 'mot de passe', mdps: 'mot de passe', tel: 'telephone', tél: 'telephone', portable: 'telephone',
  rdv: 'rendez vous', pb: 'probleme', pbm: 'probleme', prob: 'probleme', ya: 'il y a', yen: 'il y en', yaura: 'il y aura',
  auj: 'aujourd hui', ajd: 'aujourd hui', dem: 'demain', qqn: 'quelqu un', qqch: 'quelque chose', qq: 'quelques',
  msg: 'message', infos: 'informations', info: 'information', dmd: 'demande', dde: 'demande', oki: 'ok', okay: 'ok',
  pa: 'pas', mwa: 'moi', twa: 'toi', bi1: 'bien', b1: 'bien', jrs: 'jours', jr: 'jour', js: 'je suis',
  ptit: 'petit', ptite: 'petite', tps: 'temps', tmps: 'temps', cad: 'c est a dire', vrmt: 'vraiment', pcq: 'parce que', pck: 'parce que',
  reduc: 'reduction', reducs: 'reductions', perso: 'personnel', persos: 'personnels', appli: 'application', applis: 'applications', taf: 'travail', boulot: 'travail', bosser: 'travailler', bosse: 'travaille', bosses: 'travailles',
  jamai: 'jamais', wkend: 'week end', weekend: 'week end', wk: 'week end', bb: 'bebe', mairi: 'mairie',
};

/** Elided forms: "j'ai" → "je ai", "l'ifse" → "le ifse", "qu'est" → "que est". */
const ELISIONS: Record<string, string> = {
  j: 'je', l: 'le', d: 'de', qu: 'que', t: 'te', s: 'se', m: 'me', n: 'ne', c: 'ce', jusqu: 'jusque', lorsqu: 'lorsque', puisqu: 'puisque',
};

/** A token with the information the vocabulary needs: its folded form and whether it was written in capitals. */
export interface Token {
  /** Folded form (lowercase, no accents). */
  readonly text: string;
  /** True when the agent wrote it in capitals (2+ letters), which disambiguates "CA" from "ça". */
  readonly upper: boolean;
}

/**
 * Splits a text into folded tokens: elisions undone, SMS spellings expanded, numbers split from
 * their units ("39h" → "39", "h"; "80%" → "80"), emoji and punctuation dropped, letters repeated
 * for emphasis collapsed ("mutuelleee" → "mutuelle").
 */
export function normalizeTokens(text: string): Token[] {
  const raw = text
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/\p{Extended_Pictographic}/gu, ' ')
    // "80 %" is a working-time ratio: the sign stays as a word for phrasings ("à 80 %")
    .replace(/%/g, ' pourcent ')
    // keep letters, digits, apostrophes; split everything else
    .split(/[^\p{L}\p{N}']+/u)
    .filter((piece) => piece.length > 0);
  const out: Token[] = [];
  for (const piece of raw) {
    for (const part of splitElision(piece)) {
      const upper = part.length >= 2 && /^\p{Lu}+$/u.test(part);
      let folded = foldText(part).replace(/(\p{L})\1{2,}/gu, '$1');
      // 39h, 80%, 3j, 2eme: split the number from its unit
      const unit = /^(\d+)([a-z]+)$/.exec(folded);
      if (unit) {
        out.push({ text: unit[1]!, upper: false });
        // "30h sup" must still read "heures sup": the unit becomes the word (a phrase word, never scored alone).
        folded = unit[2] === 'j' ? 'jours' : unit[2] === 'h' ? 'heures' : unit[2]!;
        if (['er', 'eme', 'e', 'ieme', 'em', 'nd', 'nde'].includes(folded)) continue;
      }
      if (folded.length === 0) continue;
      const sms = upper ? undefined : SMS[folded];
      if (sms !== undefined && !AMBIGUOUS.has(folded)) {
        for (const word of sms.split(' ')) out.push({ text: word, upper: false });
      } else {
        out.push({ text: folded, upper });
      }
    }
  }
  return resolveAmbiguous(out);
}

function splitElision(piece: string): string[] {
  const parts = piece.split("'").filter((p) => p.length > 0);
  if (parts.length <= 1) return parts;
  const out: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i]!;
    const folded = foldText(part);
    if (i < parts.length - 1 && ELISIONS[folded] !== undefined) out.push(ELISIONS[folded]!);
    else if (i < parts.length - 1 && folded === 'aujourd') { out.push('aujourdhui'); i += 1; }
    else out.push(part);
  }
  return out;
}

/** Keeps "ca", "at", "cet", "tt"... as abbreviations only in an abbreviation context; otherwise gives the plain word. */
function resolveAmbiguous(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    if (!AMBIGUOUS.has(token.text)) { out.push(token); continue; }
    const before = i > 0 ? tokens[i - 1]!.text : '';
    const next = i + 1 < tokens.length ? tokens[i + 1]!.text : '';
    let abbreviation = token.upper || ABBR_CONTEXT_BEFORE.has(before) || tokens.length <= 2;
    // "cet" before a vowel sound is the demonstrative ("cet été", "cet accident")
    if (token.text === 'cet' && !token.upper) abbreviation = !/^[aeiouyh]/.test(next);
    // "at work", "at home": English preposition
    if (token.text === 'at' && !token.upper && /^(work|home|the|my|a|an|night)$/.test(next)) abbreviation = false;
    if (token.text === 'ca' && !token.upper && /^(va|marche|fait|passe|veut|sert|coute|correspond|compte|depend|ira|me|te|se|m|t|s|y|n|ne)$/.test(next)) {
      abbreviation = false;
    }
    if (abbreviation) out.push({ text: token.text, upper: true });
    else if (token.text === 'tt') { out.push({ text: 'tout', upper: false }); }
    else if (token.text !== 'ca' && token.text !== 'cet') out.push({ text: token.text, upper: false });
    // plain "ça" / demonstrative "cet" carry no meaning: dropped
  }
  return out;
}

/** Normalized text of a question, used for stable ids and duplicate detection: folded words joined by one space. */
export function canonicalQuestion(question: string): string {
  return foldText(question).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
