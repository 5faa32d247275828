/**
 * Every sentence the bot says, in French (first, addressing agents with "tu") and English.
 * `{name}` placeholders are filled by {@link t}.
 */
import { formatMessage, type Lang } from '../../core/errors.js';

export type { Lang };

const fr = {
  botName: 'Équipage',
  welcomeTitleNamed: 'Bienvenue {firstName} !',
  welcomeTitle: 'Bienvenue !',
  welcomeIntro: "Je suis Équipage, l'assistant RH de ta commune dans Teams. Écris-moi ici quand tu veux.",
  welcomeGroupTitle: 'Bonjour à toutes et à tous !',
  welcomeGroupIntro: "Je suis Équipage, l'assistant RH de la commune. Dans une conversation de groupe ou un canal, mentionne-moi (@Équipage) pour me parler.",
  capabilitiesTitle: 'Ce que je sais faire',
  examplesTitle: 'Exemples',
  languageNote: 'Tu peux aussi m’écrire en anglais.',
  cmdHelp: 'aide',
  cmdHelpDescription: 'la liste de ce que je sais faire',
  cmdWhoAmI: 'qui suis-je',
  cmdWhoAmIDescription: 'ta fiche : poste, service, responsable',
  cmdFaqDescription: 'pose-moi ta question RH avec tes mots',
  helpTitle: 'Aide',
  helpIntro: 'Écris une de ces commandes, ou appuie sur un bouton :',
  helpGroupNote: 'Dans un groupe ou un canal, commence ton message par @Équipage.',
  actionWhoAmI: 'Qui suis-je ?',
  actionHelp: 'Aide',
  whoAmITitle: 'Voici ce que la commune sait de toi :',
  whoAmIName: 'Nom',
  whoAmIJob: 'Poste',
  whoAmIService: 'Service',
  whoAmIManager: 'Responsable',
  whoAmISite: 'Lieu de travail',
  whoAmIUnknownValue: 'non renseigné',
  whoAmIFix: 'Une erreur ? Signale-la au service RH.',
  unknownPerson:
    "Je ne te trouve pas dans l'annuaire de la commune, donc je ne peux pas afficher ta fiche. Si tu viens d'arriver, le service RH n'a peut-être pas encore créé ton dossier : contacte-le.",
  greetingNamed: 'Bonjour {firstName} ! Que puis-je faire pour toi ? Écris « aide » pour voir ce que je sais faire.',
  greeting: 'Bonjour ! Que puis-je faire pour toi ? Écris « aide » pour voir ce que je sais faire.',
  thanks: 'Avec plaisir ! Écris « aide » si tu as besoin d’autre chose.',
  emptyMessage: "Ton message est vide : écris-moi ta question en quelques mots, ou « aide » pour voir ce que je sais faire.",
  attachmentOnly: "Je ne sais lire que du texte pour l'instant : écris-moi ta question en quelques mots, ou « aide ».",
  tooLong:
    'Ton message est trop long pour moi ({length} caractères, {max} au maximum). Écris ta question en une ou deux phrases.',
  emojiOnly: 'Je ne sais pas lire les émojis 🙂 Écris-moi ta question en mots, ou « aide » pour voir ce que je sais faire.',
  fallback:
    "Je ne sais pas encore répondre à « {question} ». Pour l'instant, je sais : {commands}. Pour toute autre question, contacte le service RH.",
  fallbackWithFaq:
    "Je n'ai pas trouvé de réponse à « {question} ». Essaie avec d'autres mots, écris « aide », ou contacte le service RH.",
  turnError: "Oups, je n'ai pas pu traiter ton message à cause d'une erreur de mon côté. Réessaie dans un instant ; si cela continue, préviens le service informatique.",
} as const;

export type StringKey = keyof typeof fr;

const en: Record<StringKey, string> = {
  botName: 'Équipage',
  welcomeTitleNamed: 'Welcome {firstName}!',
  welcomeTitle: 'Welcome!',
  welcomeIntro: "I'm Équipage, your town's HR assistant in Teams. Write to me here whenever you like.",
  welcomeGroupTitle: 'Hello everyone!',
  welcomeGroupIntro: "I'm Équipage, the town's HR assistant. In a group chat or a channel, mention me (@Équipage) to talk to me.",
  capabilitiesTitle: 'What I can do',
  examplesTitle: 'Examples',
  languageNote: 'You can write to me in French or English.',
  cmdHelp: 'help',
  cmdHelpDescription: 'the list of what I can do',
  cmdWhoAmI: 'who am I',
  cmdWhoAmIDescription: 'your record: job, department, manager',
  cmdFaqDescription: 'ask me your HR question in your own words',
  helpTitle: 'Help',
  helpIntro: 'Type one of these commands, or tap a button:',
  helpGroupNote: 'In a group chat or a channel, start your message with @Équipage.',
  actionWhoAmI: 'Who am I?',
  actionHelp: 'Help',
  whoAmITitle: 'This is what the town knows about you:',
  whoAmIName: 'Name',
  whoAmIJob: 'Job',
  whoAmIService: 'Department',
  whoAmIManager: 'Manager',
  whoAmISite: 'Workplace',
  whoAmIUnknownValue: 'not set',
  whoAmIFix: 'Something wrong? Tell HR.',
  unknownPerson:
    "I can't find you in the town's directory, so I can't show your record. If you just arrived, HR may not have created your file yet: please contact them.",
  greetingNamed: 'Hello {firstName}! What can I do for you? Type “help” to see what I can do.',
  greeting: 'Hello! What can I do for you? Type “help” to see what I can do.',
  thanks: 'You’re welcome! Type “help” if you need anything else.',
  emptyMessage: 'Your message is empty: write your question in a few words, or “help” to see what I can do.',
  attachmentOnly: 'I can only read text for now: write your question in a few words, or “help”.',
  tooLong: 'Your message is too long for me ({length} characters, {max} at most). Write your question in one or two sentences.',
  emojiOnly: 'I can’t read emojis 🙂 Write your question in words, or “help” to see what I can do.',
  fallback: 'I can’t answer “{question}” yet. For now, I can do: {commands}. For any other question, contact HR.',
  fallbackWithFaq: 'I found no answer to “{question}”. Try other words, type “help”, or contact HR.',
  turnError: 'Oops, I could not handle your message because of an error on my side. Try again in a moment; if it keeps happening, tell IT.',
};

const STRINGS: Record<Lang, Record<StringKey, string>> = { fr, en };

/** The sentence `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: StringKey, params: Record<string, unknown> = {}): string {
  return formatMessage(STRINGS[lang][key], params);
}

/** Label separator: French typography puts a space before the colon. */
export function colon(lang: Lang): string {
  return lang === 'fr' ? '\u00a0: ' : ': ';
}

/** Quotes `text` the way each language does. */
export function quote(lang: Lang, text: string): string {
  return lang === 'fr' ? `«\u00a0${text}\u00a0»` : `“${text}”`;
}
