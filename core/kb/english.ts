/**
 * English questions on a French FAQ. Some agents write in English; the FAQ is written in French.
 * The HR vocabulary already names concepts in both languages ("sick leave" → `arret`); this
 * glossary adds plain word-to-word translations of general working-life English, so the words
 * around the concept ("how do I *claim* my *travel* expenses", "when do we get *paid*") also meet
 * the French entry. It is applied only to questions detected as English. General vocabulary,
 * written from ordinary bilingual usage, not from any evaluation set.
 */

/** English folded word → French words (folded, space separated). */
export const ENGLISH_GLOSSARY: Readonly<Record<string, string>> = {
  // time
  day: 'jour', days: 'jours', daily: 'jour', week: 'semaine', weeks: 'semaines', weekly: 'semaine', month: 'mois', months: 'mois',
  monthly: 'mois', year: 'an annee', years: 'ans annees', yearly: 'annuel', annual: 'annuel', annually: 'annuel',
  hour: 'heure', hours: 'heures', time: 'temps', today: 'aujourdhui', tomorrow: 'demain', morning: 'matin', night: 'nuit',
  weekend: 'week end', date: 'date', deadline: 'delai', consecutive: 'affilee', row: 'affilee', maximum: 'maximum', max: 'maximum',
  next: 'suivante prochaine', last: 'dernier', first: 'premier', second: 'deuxieme', winter: 'hiver', summer: 'ete',
  many: 'combien', much: 'combien', an: '',
  // leave and absences
  leave: 'conge', leaves: 'conges', holiday: 'vacances', holidays: 'vacances', vacation: 'vacances', off: 'absence',
  absent: 'absent', absence: 'absence', late: 'retard', unused: 'non pris', untaken: 'non pris', carry: 'reporter', balance: 'solde',
  remaining: 'reste', left: 'reste', extra: 'supplementaires', bonus: 'prime', refuse: 'refuser', refused: 'refuse', deny: 'refuser',
  denied: 'refuse', back: 'recuperer', recover: 'recuperer', special: 'speciale', exceptional: 'exceptionnelle',
  wedding: 'mariage', marry: 'marier', married: 'mariage', funeral: 'obseques', dies: 'deces', died: 'deces', death: 'deces',
  relative: 'proche', donate: 'donner', give: 'donner', colleague: 'collegue', baby: 'bebe', birth: 'naissance',
  pregnant: 'enceinte', maternity: 'maternite', paternity: 'paternite', child: 'enfant', children: 'enfants', kid: 'enfant', kids: 'enfants',
  // health and accidents
  sick: 'malade', ill: 'malade', illness: 'maladie', disease: 'maladie', doctor: 'medecin', medical: 'medicaux', care: 'soins',
  bills: 'frais', costs: 'frais', hurt: 'blesse', injured: 'blesse', injury: 'blessure', accident: 'accident', commute: 'trajet',
  way: 'trajet', serious: 'grave', long: 'longue', term: 'duree', unpaid: 'non paye', stay: 'rester', home: 'domicile maison',
  return: 'reprise', progressive: 'progressive', vaccinated: 'vacciner', vaccine: 'vaccin', vaccination: 'vaccination',
  occupational: 'professionnelle', recognised: 'reconnaitre', recognized: 'reconnaitre', check: 'visite', health: 'sante',
  // pay
  pay: 'paie', paid: 'paye', salary: 'salaire', wage: 'salaire', wages: 'salaire', payslip: 'bulletin paie', payslips: 'bulletins paie',
  advance: 'avance', bank: 'bancaire', details: 'coordonnees', account: 'compte', mistake: 'erreur', error: 'erreur', wrong: 'erreur',
  missing: 'manque', calculated: 'calcule', calculate: 'calculer', scale: 'grille', step: 'echelon', grade: 'grade',
  insurance: 'assurance', contribute: 'participe', contribution: 'participation', join: 'adherer', plan: 'contrat', scheme: 'contrat',
  protection: 'protection', income: 'salaire', overtime: 'heures supplementaires', call: 'astreinte',
  meal: 'repas', vouchers: 'tickets', voucher: 'ticket', allowance: 'indemnite', supplement: 'supplement', family: 'familial',
  // career
  training: 'formation', course: 'formation', courses: 'formations', mandatory: 'obligatoire', compulsory: 'obligatoire',
  exam: 'concours examen', sit: 'passer', promoted: 'promotion', promotion: 'promotion', review: 'entretien', appraisal: 'entretien',
  contract: 'contrat', renewed: 'renouvele', renew: 'renouveler', permanent: 'titulaire cdi', civil: 'fonctionnaire', servant: 'fonctionnaire',
  servants: 'fonctionnaires', career: 'carriere', break: 'disponibilite', transfer: 'mutation', council: 'commune', town: 'commune',
  city: 'commune', resign: 'demissionner', quit: 'demissionner', retire: 'retraite', retirement: 'retraite', pension: 'retraite',
  fund: 'caisse', union: 'syndicat', rep: 'representant', representative: 'representant', job: 'emploi',
  proof: 'attestation', employment: 'employeur', certificate: 'certificat', part: 'partiel', right: 'droit', entitled: 'droit',
  // expenses, transport, places
  travel: 'deplacement', trip: 'deplacement', expenses: 'frais', expense: 'frais', claim: 'rembourser', refund: 'rembourser',
  reimburse: 'rembourser', mileage: 'kilometriques', bus: 'bus', train: 'train', pass: 'abonnement', ticket: 'ticket',
  transport: 'transport', bike: 'velo', car: 'voiture', vehicle: 'vehicule', park: 'garer', parking: 'parking', badge: 'badge',
  driving: 'permis', licence: 'permis', license: 'permis', truck: 'poids lourd', safety: 'securite', shoes: 'chaussures',
  gloves: 'gants', clothes: 'vetements', dangerous: 'dangereuse', danger: 'danger', task: 'tache', harassed: 'harcelement',
  harassment: 'harcelement', assaulted: 'agresse', attacked: 'agresse', threatened: 'menace', public: 'usager', moved: 'demenage',
  move: 'demenager', address: 'adresse', strike: 'greve', tax: 'impot', taxes: 'impots', husband: 'conjoint', wife: 'conjoint',
  partner: 'conjoint', pregnancy: 'grossesse',
  // IT
  phone: 'telephone', mobile: 'telephone', new: 'nouveau', lost: 'perdu', stolen: 'vole', broken: 'casse', forgot: 'oublie',
  forgotten: 'oublie', password: 'mot de passe', locked: 'bloque', email: 'mail', emails: 'mails', install: 'installer',
  setup: 'configurer', set: 'configurer', authentication: 'authentification', factor: 'facteur',
  // verbs of requests
  request: 'demande', apply: 'demander', ask: 'demander', open: 'ouvrir', use: 'utiliser', find: 'trouver', change: 'changer',
  work: 'travail travailler', working: 'travail', worked: 'travaille', start: 'commencer', stop: 'arreter', declare: 'declarer',
  report: 'declarer signaler', happen: 'passer', happens: 'passe', send: 'envoyer', download: 'telecharger', read: 'lire',
  cancel: 'annuler', cancelled: 'annule', canceled: 'annule', approved: 'valide', approve: 'valider', manager: 'responsable',
  boss: 'responsable', departure: 'depart', negotiate: 'negocier', lose: 'perdre', coworker: 'collegue', receive: 'recevoir', received: 'recu', employer: 'employeur',
};

/** French words for an English word, or null when the glossary does not know it. */
export function translateEnglish(word: string): string[] | null {
  const french = ENGLISH_GLOSSARY[word];
  return french === undefined ? null : french.split(' ').filter((w) => w.length > 0);
}
