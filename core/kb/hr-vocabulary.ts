/**
 * The built-in HR vocabulary of the FAQ engine (French territorial civil service). Each line is a
 * "ring": a concept name, then the phrasings agents and HR use for it, separated by `|`. Any
 * phrasing found in a question or an FAQ entry adds the concept to its terms, so "vacances" meets
 * "congés annuels" and "AT" meets "accident de service". Written from HR practice, not from any
 * evaluation set. HR extends it with a CSV file (see vocabulary.ts); its rings are merged into these.
 *
 * Phrasings are analysed like any text (folded, stop words removed, stemmed), so "congé", "congés"
 * and "conges" are one phrasing. Short ambiguous abbreviations (CA, AT, CET, TT, TP, MP) only
 * count as such when written in capitals or after a determiner (see normalize.ts).
 */
export const BUILT_IN_RINGS: readonly string[] = [
  // Leave and working time
  'conge_annuel: CA | congés annuels | congé annuel | vacances | vacs | holidays | holiday | annual leave | vacation | time off | days off | jours off | congés payés | poser une semaine | week off | weeks off | semaine de vacances',
  'conge: congé | congés | leave',
  'rtt: RTT | ARTT | réduction du temps de travail | jours de réduction du temps de travail',
  'cet: CET | compte épargne temps | compte épargne-temps | compte épargne | épargner des jours | jours épargnés | monétiser | monétisation | time savings account | mettre de côté | jours de côté | épargner | épargne',
  'fractionnement: fractionnement | hors saison | hors période | jour bonus | jours bonus | jours de fractionnement | congés en hiver | vacances en hiver | congés hors saison',
  'solde: solde | compteur | compteurs | il me reste | reste | remaining | balance',
  'report: reporter | report | reportés | année prochaine | année suivante | carry over | carry forward | garder mes congés | garder des jours | garder mes jours | perdre mes congés | perdre des jours | jours perdus | congés perdus | congés non pris | jours non pris | CA non pris | RTT non pris',
  'refus: refuser | refus | refusé | deny | denied | refuse',
  'duree_travail: 1607 | 1607 heures | durée du travail | durée annuelle | temps de travail | 35 heures | heures par an | working hours | horaires de travail',
  'solidarite: journée de solidarité | solidarité | lundi de pentecôte | pentecôte | solidarity day',
  'teletravail: télétravail | TT | télétravailler | travail à domicile | travailler de chez moi | travailler à la maison | work from home | working from home | wfh | remote work | remote',
  'astreinte: astreinte | astreintes | on call | permanence',
  'heures_sup: heures supplémentaires | heures sup | heure sup | IHTS | HS | overtime | heures en plus | heures de plus | travaux supplémentaires | indemnités horaires pour travaux supplémentaires',
  'ferie: jour férié | jours fériés | férié | fériés | 1er mai | premier mai | public holiday | bank holiday',
  'temps_partiel: TP | temps partiel | mi temps | mi-temps | 80 % | à 80 | à 90 | part time | part-time | quotité | 90 % | 50 % | 60 % | 70 % | passer à 80 | passer à 90 | 4 jours par semaine | quatre jours par semaine | semaine de 4 jours | semaine de quatre jours',
  'therapeutique: mi temps thérapeutique | temps partiel thérapeutique | thérapeutique | reprise progressive | reprise en douceur',
  'horaires_variables: badgeuse | badger | pointage | pointer | pointeuse | horaires variables | plages fixes | clock in',
  // Health, accidents
  'malade: malade | maladie | tombé malade | tombée malade | sick | ill | illness | fièvre | grippe | gastro | covid | pas bien',
  'arret: arrêt de travail | arrêt maladie | avis d arrêt | en arrêt | mis en arrêt | arrêté | arrêt | sick note | sick leave | off sick | volet | volets | AM | doctor note | doctors note | medical certificate | certificat médical | certificat d arrêt',
  'carence: carence | jour de carence | délai de carence | premier jour non payé | unpaid first day',
  'cmo: CMO | congé de maladie ordinaire | maladie ordinaire',
  'longue_maladie: CLM | CLD | congé de longue maladie | longue maladie | longue durée | congé de longue durée | maladie grave | cancer',
  'controle: contre visite | contre-visite | heures de sortie | sorties libres | sortir pendant | sortir de chez moi | sortir de chez soi | sortir de mon domicile | quitter mon domicile | leave the house | leave home',
  'accident: AT | accident de travail | accident du travail | accident de service | accident | blessé | blessée | blessure | me suis blessé | fait mal | me suis fait mal | me suis coupé | coupé | coupure | chute | tombé | tombée | hurt | injured | injury | work accident | mal au dos | mal au genou | mal à l épaule | mal au bras | mal au poignet | dos bloqué | lumbago | tour de reins | entorse | foulure | fracture',
  'trajet: accident de trajet | trajet | en venant | en allant | en rentrant | domicile travail | commute | commuting | en venant au travail | en allant au travail | en rentrant du travail | en venant au boulot | en rentrant du boulot | en allant travailler | en venant travailler | en rentrant chez moi | sur la route du travail | sur le chemin du travail | on my way to work | on the way to work | way to work | way home',
  'maladie_pro: MP | maladie professionnelle | maladie pro | occupational disease | tendinite | TMS | troubles musculo squelettiques',
  'citis: CITIS | invalidité temporaire imputable au service | imputable au service | imputabilité',
  'frais_medicaux: frais médicaux | soins | kiné | kinésithérapeute | pharmacie | médecin | medical costs | feuille d accident',
  'amenagement_poste: aménagement de poste | poste aménagé | aménager mon poste | adapter mon poste | adaptation du poste | adaptation de poste | reclassement | restrictions médicales | inaptitude | inapte | port de charges | charges lourdes | job adapted | adapted job',
  'medecine_travail: médecine du travail | médecin du travail | médecine préventive | médecin de prévention | visite médicale | visite d information et de prévention | occupational health | health check',
  'reprise: visite de reprise | reprise | reprendre | retour | return to work | reprends | reprend | repris | reprise du travail',
  'retrait: droit de retrait | danger grave et imminent | danger | dangereux | dangereuse | unsafe | dangerous',
  'epi: EPI | équipement de protection individuelle | équipements de protection | protection individuelle | chaussures de sécurité | gants | casque | gilet | haute visibilité | bouchons d oreille | lunettes de protection | safety gear | safety shoes | PPE',
  'tenue: tenue de travail | tenues | tenue | vêtements de travail | vêtements | bleu de travail | dotation vestimentaire | uniforme | workwear | uniform | fringues | habits de travail',
  // Pay
  'paie: paie | paye | salaire | salaires | rémunération | rémunéré | payé | payée | payés | traitement | virement | paid | pay | salary | wage | wages | payday | thune | toucher | touche | touchons',
  'date_paie: date de paie | date de versement | jour de paie | jour de versement | versement du salaire | versement de la paie | paie tombe | paye tombe | salaire tombe | tombe la paie | tombe la paye | tombe le salaire | payday',
  'bulletin: bulletin de paie | bulletin de salaire | bulletins | fiche de paie | fiche de paye | fiches de paie | feuille de paie | payslip | pay slip | payslips',
  'rib: RIB | relevé d identité bancaire | coordonnées bancaires | compte bancaire | compte en banque | changer de banque | banque | IBAN | bank details | bank account',
  'acompte: acompte | avance sur salaire | avance de salaire | avance de paie | avancer mon salaire | avancer une partie | salary advance | à sec | une partie de ma paie | une partie du salaire | une partie de mon salaire',
  'erreur_paie: erreur | erreurs | manque | il manque | pas correct | faux | incorrect | mistake | wrong | retenue | retiré de ma paie | retiré sur ma paie | retiré de mon salaire | retiré sur mon salaire | trop perçu | trop payé | indu | overpaid | overpayment | anomalie | anomalies',
  'regime_indemnitaire: RIFSEEP | régime indemnitaire | primes | prime mensuelle | bonus | bonuses',
  'ifse: IFSE | indemnité de fonctions de sujétions et d expertise | indemnité de fonctions',
  'cia: CIA | complément indemnitaire annuel | complément indemnitaire | prime annuelle',
  'sft: SFT | supplément familial de traitement | supplément familial | allocation enfant | prime enfant | family allowance',
  'nbi: NBI | nouvelle bonification indiciaire | bonification indiciaire | points en plus | points d indice supplémentaires',
  'treizieme: 13e mois | 13eme mois | treizième mois | 13 mois | prime de fin d année | prime de noël | fin d année | christmas bonus',
  'indice: point d indice | indice | indiciaire | grille indiciaire | grille',
  'echelon: échelon | échelons | avancement d échelon | ancienneté',
  'grade: avancement de grade | grade | promotion | promu | monter en grade | promotion interne | tableau d avancement | promoted | promo | promos',
  'gipa: GIPA | garantie individuelle du pouvoir d achat | pouvoir d achat | inflation',
  'precarite: prime de précarité | précarité | indemnité de fin de contrat | fin de contrat',
  'chomage: chômage | allocation chômage | ARE | aide au retour à l emploi | France Travail | pôle emploi | unemployment',
  'impot: prélèvement à la source | impôt | impôts | impôt sur le revenu | taux de prélèvement | taux personnalisé | taux neutre | tax | taxes | income tax',
  // Social protection, social action
  'mutuelle: mutuelle | mutuelles | complémentaire santé | complémentaire | health insurance | protection sociale complémentaire | PSC | assurance santé | dentaire | optique | remboursement santé | reste à charge',
  'prevoyance: prévoyance | maintien de salaire | garantie maintien de salaire | income protection | perte de salaire | complément de salaire | compléter mon salaire | compléter le salaire | assurance salaire',
  'cnas: CNAS | comité national d action sociale | action sociale | chèques vacances | chèque vacances | chèques-vacances | réductions | billetterie | discounts | holiday vouchers',
  'cos: COS | amicale | amicale du personnel | comité des oeuvres sociales | oeuvres sociales | arbre de noël',
  'titre_restaurant: tickets resto | ticket resto | ticket restaurant | tickets restaurant | titres restaurant | titre restaurant | titres-restaurant | carte resto | carte restaurant | tickets repas | meal vouchers | meal voucher | lunch vouchers',
  'repas: repas | déjeuner | midi | manger | lunch | meal',
  // Training, career
  'formation: formation | formations | training | course | courses',
  'cnfpt: CNFPT | centre national de la fonction publique territoriale',
  'cpf: CPF | compte personnel de formation | compte formation | mon compte formation | moncompteformation | droits à la formation | heures de formation | DIF',
  'permis: permis | permis poids lourd | permis C | CACES | poids lourd | nacelle | driving licence | driving license',
  'concours: concours | examen professionnel | examen pro | exam | examen',
  'bilan_competences: bilan de compétences | bilan de compétence | bilan professionnel | bilan pro | skills assessment',
  'vae: VAE | validation des acquis de l expérience | validation des acquis | valider mon expérience',
  'entretien_pro: entretien professionnel | entretien annuel | entretien pro | évaluation | évaluation annuelle | annual review | appraisal | performance review | compte rendu d entretien | notation',
  'titularisation: titularisation | titularisé | titulaire | titulariser | stagiaire | fin de stage | tenure',
  'contrat: contrat | contrats | CDD | contractuel | contractuelle | contract | fixed term',
  'cdi: CDI | contrat à durée indéterminée | CDIsation | permanent contract',
  'disponibilite: disponibilité | dispo | mise en dispo | mise en disponibilité | career break | unpaid leave | congé sans solde | pause dans ma carrière | pause carrière | année sabbatique | sabbatique | tour du monde | convenances personnelles | projet personnel',
  'mobilite_interne: mobilité interne | changer de service | changer de poste | changement de poste | changement d affectation | autre service | autre poste | poste en interne | internal transfer',
  'mutation: mutation | muté | muter | autre commune | autre collectivité | autre mairie | changer de collectivité | transfer',
  'demission: démission | démissionner | quitter | partir de la mairie | resign | resignation | quit | secteur privé | partir dans le privé | partir pour le privé | préavis | notice period',
  'rupture: rupture conventionnelle | rupture conv | départ négocié | indemnité spécifique de rupture | commun accord | négocier mon départ | négocier son départ | negotiated departure | mutual agreement',
  'cumul: cumul d activités | cumul | deuxième emploi | deuxième job | second job | autre travail | travailler à côté | auto entrepreneur | micro entreprise | activité accessoire | side job | en plus de mon poste | à côté de mon poste | travailler à côté',
  'retraite: retraite | retraites | pension | retirement | retire | partir à la retraite | départ à la retraite | info retraite | relevé de carrière',
  'caisse_retraite: CNRACL | IRCANTEC | RAFP | caisse de retraite | régime de retraite | pension fund | régime général',
  'medaille: médaille | médaille du travail | médaille d honneur | medal',
  'reserve: devoir de réserve | réserve | neutralité | discrétion professionnelle | secret professionnel | réseaux sociaux | facebook',
  'syndicat: syndicat | syndicats | syndical | syndicale | représentant du personnel | représentants du personnel | délégué | union | CST | comité social territorial',
  'rh: RH | DRH | ressources humaines | direction des ressources humaines | service du personnel | gestion du personnel',
  'accueil_nouveaux: nouvel arrivant | nouveaux arrivants | nouvel agent | accueil des nouveaux | intégration | je viens d arriver | onboarding | embauché | embauchée | nouvel embauché | nouvelle embauchée | prise de poste | prise de fonctions',
  'greve: grève | grèves | gréviste | grévistes | faire grève | préavis de grève | strike | on strike | striking',
  // Family and absences
  'maternite: congé maternité | maternité | enceinte | grossesse | congé mat | maternity | pregnant | pregnancy | échographie | écho | examens prénataux | prenatal',
  'paternite: congé paternité | paternité | congé pat | paternity | congé de naissance | accueil de l enfant | futur papa | devenir papa | bientôt papa',
  'naissance: naissance | bébé | accouche | accoucher | accouchement | baby | birth | nouveau né',
  'parental: congé parental | parental | parental leave | élever mon enfant | élever un enfant | m occuper de mon enfant | m occuper de mon fils | m occuper de ma fille | m occuper de mon bébé | s occuper de son enfant',
  'proche_aidant: proche aidant | aidant | congé de proche aidant | solidarité familiale | fin de vie | dépendant | dépendante | perte d autonomie | caring | carer',
  'enfant: enfant | enfants | fils | fille | gamin | gamine | gosse | petit | petite | kid | kids | child | children | son | daughter',
  'parent_proche: mère | père | maman | papa | parent | parents | proche | conjoint | conjointe | mari | femme | épouse | époux | grand mère | grand père | mum | mom | dad | mother | father | husband | wife',
  'mariage: mariage | marier | me marie | marie | PACS | pacsé | pacser | wedding | married | marry',
  'deces: décès | décédé | décédée | enterrement | obsèques | funérailles | mort | morte | died | death | funeral | passed away',
  'don_jours: don de jours | donner des jours | donner mes rtt | donner mes jours | donate days',
  'garde_enfant: garde d enfant | garde d enfant malade | enfant malade | garder mon enfant | garder les enfants | garder ma fille | garder mon fils | childcare | sick child | nounou | crèche | nourrice | assistante maternelle',
  'delai: délai | délais | délai de prévenance | prévenance | combien de temps avant | combien de temps à l avance | how far in advance',
  'asa: ASA | autorisation spéciale d absence | autorisations spéciales d absence | autorisation d absence | absence exceptionnelle | jours d absence',
  'social: assistante sociale | assistant social | service social | difficultés financières | dettes | surendettement | money problems | debt | debts',
  'retard: retard | en retard | late',
  'absence: absence | absent | absente | absences | absent sans prévenir',
  'vaccin: vaccin | vaccination | vacciner | vaccine | vaccinated',
  'harcelement: harcèlement | harceler | harcèle | harcelé | discrimination | violences sexistes | sexiste | sexistes | harassment | bullying | harassed | rabaisser | rabaisse | humilier | humilié | humiliée | humiliation | dénigrer | dénigre | mise à l écart | bullied',
  'agression: agression | agressé | agresser | insulté | insulte | insultes | menacé | menace | menaces | assaulted | attacked | threatened | protection fonctionnelle',
  'demenagement: déménager | déménagement | déménagé | changement d adresse | nouvelle adresse | moved | move house | address',
  'attestation: attestation employeur | attestation de travail | certificat de travail | attestation de salaire | attestation | certificate of employment | proof of employment',
  // Expenses, transport, practical life
  'frais: frais de déplacement | note de frais | frais de mission | indemnités kilométriques | IK | remboursement essence | travel expenses | expenses | état de frais | ordre de mission | mission | déplacement | déplacements | indemnités km | frais km | kilométrage | mileage',
  'rembourser: rembourser | remboursement | remboursé | rembourse | refund | reimburse | reimbursement | prise en charge | pris en charge',
  'transport: abonnement transport | navigo | abonnement bus | bus | train | tram | métro | transports en commun | transport | public transport',
  'mobilites_durables: forfait mobilités durables | mobilités durables | FMD | vélo | covoiturage | trottinette | bike | cycling | carpool | covoit | covoiturer',
  'hebergement: hôtel | hébergement | nuitée | hotel',
  'portail: portail agent | portail RH | espace agent | espace personnel | intranet | employee portal',
  'badge: badge | carte d accès | carte pour ouvrir | access card | access badge',
  'parking: parking | garer | stationnement | se garer | place de parking | car park',
  'vehicule: véhicule de service | voiture de service | véhicule | voiture | camion | fourgon | utilitaire | camionnette | car | van | truck | company car',
  'amende: amende | PV | contravention | flashé | radar | excès de vitesse | fine | speeding ticket | retrait de points',
  'constat: constat | constat amiable | accrochage | accroché | accident de voiture | sinistre',
  'logement: logement | logement de fonction | appartement | loyer | housing | flat',
  'vestiaire: vestiaire | vestiaires | douche | douches | casier | casiers | locker | shower',
  // IT
  'mfa: MFA | authenticator | microsoft authenticator | double authentification | authentification multifacteur | authentification à deux facteurs | 2FA | vérification en deux étapes | vérification en 2 étapes | two factor | two-factor | code de vérification | approuver la connexion | appli de connexion',
  'mot_de_passe: mot de passe | password | identifiants | compte bloqué | bloqué | session | code windows | login | logins | compte informatique | compte microsoft',
  'teams: teams | microsoft teams',
  'messagerie: outlook | mail | mails | email | emails | messagerie | courriel | boîte mail',
  'telephone: téléphone | portable | smartphone | mobile | phone | iphone | android | tel',
  'installer: installer | installation | configurer | configuration | paramétrer | set up | setup | install | download | télécharger',
  'perdu: perdu | perdue | perte | cassé | volé | lost | broken | stolen',
  // Generic English words agents use, mapped to the French ones HR writes
  'demande: demande | demander | demandé | solliciter | sollicitation | request | ask | apply | claim | sign up | register | inscrire | inscription | s inscrire | poser | pose | posé | poser des jours | poser une semaine',
  'combien: combien | nombre | how many | how much | how long | nb',
  'quand: quand | date | when | quel jour | quelle date | quel mois',
  'nouveau: nouveau | nouvelle | nouvel | changer | changé | changement | new | change',
];

/**
 * Broader concepts of some concepts (is-a): annual leave is leave, ordinary sick leave is sick
 * leave, a commuting accident is an accident... A phrasing of the narrow concept also counts as
 * the broad one, so "vacances" meets an entry about "poser un congé", and "congé de maladie
 * ordinaire" meets "arrêt maladie". Domain structure of French territorial HR, not tied to any FAQ.
 */
export const CONCEPT_PARENTS: Readonly<Record<string, readonly string[]>> = {
  conge_annuel: ['conge'],
  maternite: ['conge'],
  paternite: ['conge'],
  parental: ['conge'],
  proche_aidant: ['conge'],
  cmo: ['arret', 'malade'],
  longue_maladie: ['arret', 'malade'],
  trajet: ['accident'],
  citis: ['accident'],
  ifse: ['regime_indemnitaire'],
  cia: ['regime_indemnitaire'],
  cdi: ['contrat'],
  caisse_retraite: ['retraite'],
  titre_restaurant: ['repas'],
  mobilites_durables: ['transport'],
  asa: ['absence'],
  date_paie: ['paie', 'quand'],
};

/** Words that carry no meaning for matching: French and English function words, chat filler, politeness. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a au aux avec ce ces cet cette d de des du elle elles en et eux il ils je j la le les leur leurs lui ma mais me meme mes moi mon
  ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous y l s t m n c
  est sont suis es sommes etes etait etre ete ai as avons avez ont avait avoir eu fait faire fais font dois doit devons
  peux peut pouvons pouvez peuvent puis veux veut voudrais voulais sais savoir ceci cela ca ici la-bas alors aussi bien
  tres trop plus moins comme si quoi quel quelle quels quelles comment ou pourquoi est-ce estce
  bonjour salut coucou hello hi hey bonsoir merci thanks thank please svp stp plait s'il sil avance-t-il
  question questions savoir dire svp oui non ok daccord besoin aimerais voudrais souhaite souhaiterais
  chef cheffe responsable collegue collegues mairie commune collectivite ville agent agents service boulot taf job travail
  the a of to in on at for is are am was were be been do does did i me my we our you your it its this that what how when
  where which who why can could should would will shall there have has had get got any some with from about if or and
  hier demain matin soir aujourdhui maintenant moment truc chose choses genre vraiment juste deja encore toujours jamais
  donc car parce puisque lorsque jusque tout tous toute toutes chaque quelque quelques dans
  h heure heures semaine semaines mois pourcent
  il y en va vais vas allons allez vont aller dit disent prendre prend mettre mis
  pendant apres avant depuis entre sans sous chez vers contre
  during while after before into than then just also very not all more other per each they them their he she his her him us
  go going goes come coming take taking make know like want exist exists kind kinds still even only maybe really
  something anything someone anyone since until ago doesn didn isn aren wasn couldn shouldn wouldn
  voila dsl desole desolee marre trucs
  pu etaient etais jetais jen`.split(/\s+/).filter((w) => w.length > 0),
);
