/**
 * The demo commune: a fictional town, its services, about forty people with a manager hierarchy,
 * an HR team, onboarding templates and a few arrivals in progress. This is data only: the
 * product never branches on it. Dates are offsets from the day the seed runs.
 */
import type { OwnerRole, Phase, TemplateContent } from '../storage/schema.js';

export const DEMO_COMMUNE = {
  name: 'Ville de Beaulieu-sur-Aune',
  domain: 'beaulieu-sur-aune.fr',
  /** Tenant id the demo people belong to (used by the local Playground). */
  tenantId: '9d2c5a4e-7b1f-4c3a-9e8d-5f6a7b8c9d0e',
} as const;

export interface DemoService {
  code: string;
  name: string;
}

export const DEMO_SERVICES: DemoService[] = [
  { code: 'dgs', name: 'Direction générale des services' },
  { code: 'rh', name: 'Ressources humaines' },
  { code: 'voirie', name: 'Voirie' },
  { code: 'espaces-verts', name: 'Espaces verts' },
  { code: 'proprete', name: 'Propreté urbaine' },
  { code: 'ecoles', name: 'Affaires scolaires' },
  { code: 'batiments', name: 'Bâtiments communaux' },
  { code: 'dsi', name: 'Informatique' },
];

export interface DemoPerson {
  /** Short key, unique in the seed; ids are derived from it. */
  key: string;
  givenName: string;
  familyName: string;
  jobTitle: string;
  service: string;
  manager: string | null;
  matricule: string;
  site: string;
  hireOffsetDays: number;
  hr?: boolean;
  language?: 'fr' | 'en';
}

const p = (
  key: string,
  givenName: string,
  familyName: string,
  jobTitle: string,
  service: string,
  manager: string | null,
  matricule: string,
  site: string,
  hireOffsetDays: number,
  extra: Partial<DemoPerson> = {},
): DemoPerson => ({ key, givenName, familyName, jobTitle, service, manager, matricule, site, hireOffsetDays, ...extra });

const HDV = 'Hôtel de ville, 1 place de la République';
const CTM = 'Centre technique municipal, 12 rue des Tanneurs';
const SERRES = 'Serres municipales, chemin du Moulin';
const ECOLE = 'École Jules-Ferry, 4 rue des Écoles';

export const DEMO_PEOPLE: DemoPerson[] = [
  p('claire.morel', 'Claire', 'Morel', 'Directrice générale des services', 'dgs', null, 'M1001', HDV, -4200),
  p('sophie.lambert', 'Sophie', 'Lambert', 'Directrice des ressources humaines', 'rh', 'claire.morel', 'M1002', HDV, -3100, { hr: true }),
  p('karim.benali', 'Karim', 'Benali', 'Gestionnaire RH carrière et paie', 'rh', 'sophie.lambert', 'M1003', HDV, -2200, { hr: true }),
  p('nathalie.roux', 'Nathalie', 'Roux', 'Gestionnaire RH recrutement et formation', 'rh', 'sophie.lambert', 'M1004', HDV, -1500, { hr: true }),
  p('emilie.garnier', 'Émilie', 'Garnier', 'Assistante RH', 'rh', 'sophie.lambert', 'M1005', HDV, -600, { hr: true }),
  p('thierry.lefebvre', 'Thierry', 'Lefebvre', 'Responsable du service voirie', 'voirie', 'claire.morel', 'M1101', CTM, -5400),
  p('jean-marc.dupuis', 'Jean-Marc', 'Dupuis', "Chef d'équipe voirie", 'voirie', 'thierry.lefebvre', 'M1102', CTM, -4000),
  p('kevin.martin', 'Kévin', 'Martin', 'Agent de voirie', 'voirie', 'jean-marc.dupuis', 'M1103', CTM, -1800),
  p('mehdi.haddad', 'Mehdi', 'Haddad', 'Agent de voirie', 'voirie', 'jean-marc.dupuis', 'M1104', CTM, -1200),
  p('julien.petit', 'Julien', 'Petit', 'Agent de voirie', 'voirie', 'jean-marc.dupuis', 'M1105', CTM, -900),
  p('sebastien.moreau', 'Sébastien', 'Moreau', 'Conducteur d’engins', 'voirie', 'jean-marc.dupuis', 'M1106', CTM, -2600),
  p('alexandre.lucas', 'Alexandre', 'Lucas', 'Agent de signalisation', 'voirie', 'jean-marc.dupuis', 'M1107', CTM, -700),
  p('lucas.fontaine', 'Lucas', 'Fontaine', 'Agent de voirie', 'voirie', 'jean-marc.dupuis', 'M1108', CTM, -10),
  p('isabelle.girard', 'Isabelle', 'Girard', 'Responsable des espaces verts', 'espaces-verts', 'claire.morel', 'M1201', SERRES, -3900),
  p('pierre.bonnet', 'Pierre', 'Bonnet', 'Jardinier', 'espaces-verts', 'isabelle.girard', 'M1202', SERRES, -2900),
  p('aurelie.chevalier', 'Aurélie', 'Chevalier', 'Jardinière', 'espaces-verts', 'isabelle.girard', 'M1203', SERRES, -1400),
  p('franck.mercier', 'Franck', 'Mercier', 'Élagueur', 'espaces-verts', 'isabelle.girard', 'M1204', SERRES, -2100),
  p('yannick.blanc', 'Yannick', 'Blanc', 'Jardinier', 'espaces-verts', 'isabelle.girard', 'M1205', SERRES, -800),
  p('guillaume.brunet', 'Guillaume', 'Brunet', 'Agent d’entretien des terrains de sport', 'espaces-verts', 'isabelle.girard', 'M1206', SERRES, -500),
  p('ines.boucher', 'Inès', 'Boucher', 'Jardinière', 'espaces-verts', 'isabelle.girard', 'M1207', SERRES, -3),
  p('patrick.durand', 'Patrick', 'Durand', 'Responsable de la propreté urbaine', 'proprete', 'claire.morel', 'M1301', CTM, -4700),
  p('fatima.el-amrani', 'Fatima', 'El Amrani', "Agente d'entretien", 'proprete', 'patrick.durand', 'M1302', HDV, -2400),
  p('sandrine.masson', 'Sandrine', 'Masson', "Agente d'entretien", 'proprete', 'patrick.durand', 'M1303', HDV, -1700),
  p('christophe.guerin', 'Christophe', 'Guérin', 'Agent de propreté urbaine', 'proprete', 'patrick.durand', 'M1304', CTM, -1100),
  p('sylvie.marchand', 'Sylvie', 'Marchand', "Agente d'entretien", 'proprete', 'patrick.durand', 'M1305', ECOLE, -300),
  p('nadia.rousseau', 'Nadia', 'Rousseau', "Agente d'entretien", 'proprete', 'patrick.durand', 'M1306', HDV, 5),
  p('valerie.faure', 'Valérie', 'Faure', 'Responsable des affaires scolaires', 'ecoles', 'claire.morel', 'M1401', HDV, -3600),
  p('celine.andre', 'Céline', 'André', 'ATSEM', 'ecoles', 'valerie.faure', 'M1402', ECOLE, -2700),
  p('laetitia.gauthier', 'Laetitia', 'Gauthier', 'ATSEM', 'ecoles', 'valerie.faure', 'M1403', ECOLE, -1600),
  p('martine.perrin', 'Martine', 'Perrin', 'Agente de restauration scolaire', 'ecoles', 'valerie.faure', 'M1404', ECOLE, -5100),
  p('agnes.vidal', 'Agnès', 'Vidal', 'Animatrice périscolaire', 'ecoles', 'valerie.faure', 'M1405', ECOLE, -400),
  p('chloe.robin', 'Chloé', 'Robin', 'ATSEM', 'ecoles', 'valerie.faure', 'M1406', ECOLE, -20),
  p('olivier.lemaire', 'Olivier', 'Lemaire', 'Responsable des bâtiments', 'batiments', 'claire.morel', 'M1501', CTM, -4400),
  p('damien.caron', 'Damien', 'Caron', 'Électricien', 'batiments', 'olivier.lemaire', 'M1502', CTM, -2300),
  p('stephane.picard', 'Stéphane', 'Picard', 'Plombier-chauffagiste', 'batiments', 'olivier.lemaire', 'M1503', CTM, -1900),
  p('rachid.belkacem', 'Rachid', 'Belkacem', 'Menuisier', 'batiments', 'olivier.lemaire', 'M1504', CTM, -1300),
  p('anthony.renaud', 'Anthony', 'Renaud', 'Agent polyvalent des bâtiments', 'batiments', 'olivier.lemaire', 'M1505', CTM, -650),
  p('maxime.colin', 'Maxime', 'Colin', 'Agent polyvalent des bâtiments', 'batiments', 'olivier.lemaire', 'M1506', CTM, 12),
  p('marc.fabre', 'Marc', 'Fabre', 'Responsable informatique', 'dsi', 'claire.morel', 'M1601', HDV, -2500),
  p('hugo.muller', 'Hugo', 'Muller', 'Technicien informatique', 'dsi', 'marc.fabre', 'M1602', HDV, -450, { language: 'en' }),
];

type StepDef = { key: string; phase: Phase; title: string; ownerRole: OwnerRole; dueOffsetDays: number; help?: string; link?: string };

const COMMON_STEPS: StepDef[] = [
  { key: 'contrat', phase: 'before', title: 'Préparer le contrat et le dossier administratif', ownerRole: 'hr', dueOffsetDays: -7 },
  { key: 'compte', phase: 'before', title: 'Créer le compte Microsoft 365 et la licence Teams', ownerRole: 'it', dueOffsetDays: -3 },
  { key: 'materiel', phase: 'before', title: 'Préparer la tenue, les EPI et le badge', ownerRole: 'manager', dueOffsetDays: -2 },
  { key: 'accueil', phase: 'day1', title: "Accueil par le responsable et visite du site", ownerRole: 'manager', dueOffsetDays: 0 },
  { key: 'teams', phase: 'day1', title: 'Installer Teams et Microsoft Authenticator sur mon téléphone', ownerRole: 'agent', dueOffsetDays: 0, help: "Télécharge Teams et Authenticator depuis le store de ton téléphone, puis connecte-toi avec l'identifiant reçu.", link: 'https://aka.ms/getteams' },
  { key: 'mfa', phase: 'day1', title: 'Enregistrer la double authentification (MFA)', ownerRole: 'agent', dueOffsetDays: 0, help: 'Ouvre https://aka.ms/mfasetup et suis les étapes avec Authenticator.', link: 'https://aka.ms/mfasetup' },
  { key: 'parrain', phase: 'day1', title: 'Rencontrer mon parrain ou ma marraine', ownerRole: 'agent', dueOffsetDays: 0 },
  { key: 'securite', phase: 'week1', title: 'Formation sécurité et gestes de premiers secours', ownerRole: 'manager', dueOffsetDays: 4 },
  { key: 'notifications', phase: 'week1', title: 'Activer les notifications Teams', ownerRole: 'agent', dueOffsetDays: 3, help: 'Dans Teams, Paramètres > Notifications : active les messages de discussion.' },
  { key: 'point-rh', phase: 'week1', title: 'Rendez-vous avec le service RH (mutuelle, prévoyance, CNAS)', ownerRole: 'hr', dueOffsetDays: 5 },
  { key: 'bilan', phase: 'month1', title: "Entretien de fin de premier mois", ownerRole: 'manager', dueOffsetDays: 30 },
];

/** Documents to acknowledge: keys of the onboarding document store (shipped in tabs/documents/). */
const DOCUMENTS = [
  { key: 'reglement', title: 'Règlement intérieur' },
  { key: 'charte', title: 'Charte informatique' },
  { key: 'securite', title: 'Consignes de sécurité' },
];

const template = (code: string, name: string, jobProfile: string, extraSteps: StepDef[], practical: TemplateContent['practical']) => ({
  code,
  name,
  jobProfile,
  content: { steps: [...COMMON_STEPS, ...extraSteps], documents: DOCUMENTS, practical } satisfies TemplateContent,
});

const CTM_PRACTICAL = [
  { title: 'Prise de poste', text: 'Rendez-vous à 7 h 30 au centre technique municipal, 12 rue des Tanneurs.' },
  { title: 'Vestiaires', text: 'Vestiaires et douches au rez-de-chaussée du CTM ; casier attribué le premier jour.' },
  { title: 'Équipements', text: 'Tenue et EPI à retirer au magasin du CTM, auprès du magasinier.' },
];

export const DEMO_TEMPLATES = [
  template('agent-voirie', 'Arrivée — agent de voirie', 'agent de voirie', [
    { key: 'caces', phase: 'month1', title: 'Vérifier les habilitations (CACES, AIPR)', ownerRole: 'manager', dueOffsetDays: 20 },
  ], CTM_PRACTICAL),
  template('jardinier', 'Arrivée — jardinier', 'jardinier', [
    { key: 'phyto', phase: 'month1', title: 'Sensibilisation zéro phyto et outillage', ownerRole: 'manager', dueOffsetDays: 15 },
  ], [
    { title: 'Prise de poste', text: 'Rendez-vous à 7 h 30 aux serres municipales, chemin du Moulin.' },
    { title: 'Équipements', text: 'Tenue, gants et protections auditives fournis aux serres.' },
  ]),
  template('atsem', 'Arrivée — ATSEM', 'ATSEM', [
    { key: 'ecole', phase: 'day1', title: "Rencontre avec la directrice de l'école", ownerRole: 'manager', dueOffsetDays: 0 },
    { key: 'hygiene', phase: 'week1', title: 'Protocole hygiène et accueil des enfants', ownerRole: 'manager', dueOffsetDays: 5 },
  ], [
    { title: 'Horaires', text: 'Arrivée à 8 h 00 ; pause méridienne selon le planning de l’école.' },
    { title: 'Badge', text: "Badge d'accès à retirer à l'accueil de l'hôtel de ville." },
  ]),
  template('agent-entretien', "Arrivée — agent d'entretien", "agent d'entretien", [
    { key: 'produits', phase: 'week1', title: 'Formation aux produits et au matériel de nettoyage', ownerRole: 'manager', dueOffsetDays: 3 },
  ], [
    { title: 'Horaires', text: 'Horaires décalés : 6 h 00 – 13 h 00, planning remis par le responsable.' },
    { title: 'Vestiaires', text: 'Vestiaire au sous-sol de l’hôtel de ville, code remis le premier jour.' },
  ]),
  template('agent-batiments', 'Arrivée — agent technique des bâtiments', 'agent technique', [
    { key: 'habilitation', phase: 'month1', title: 'Habilitation électrique', ownerRole: 'manager', dueOffsetDays: 25 },
  ], CTM_PRACTICAL),
];

/** Arrivals in progress: who, which template, start offset from today, buddy, HR contact. */
export const DEMO_ARRIVALS = [
  { person: 'lucas.fontaine', template: 'agent-voirie', buddy: 'kevin.martin', hrContact: 'karim.benali' },
  { person: 'ines.boucher', template: 'jardinier', buddy: 'aurelie.chevalier', hrContact: 'nathalie.roux' },
  { person: 'nadia.rousseau', template: 'agent-entretien', buddy: 'fatima.el-amrani', hrContact: 'emilie.garnier' },
  { person: 'chloe.robin', template: 'atsem', buddy: 'celine.andre', hrContact: 'karim.benali' },
  { person: 'maxime.colin', template: 'agent-batiments', buddy: 'anthony.renaud', hrContact: 'nathalie.roux' },
] as const;
