/**
 * `/tab/privacy` and `/tab/terms`: the privacy statement and terms of use the Teams manifest
 * links to (`privacyUrl`, `termsOfUseUrl`). Plain pages, French first with English, readable
 * without JavaScript, in light and dark.
 */
import type { FastifyInstance } from 'fastify';

const STYLE = `:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif;line-height:1.55}
body{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem}h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
section[lang=en]{border-top:1px solid currentColor;margin-top:2.5rem;padding-top:.5rem}a{color:LinkText}`;

function page(title: string, fr: string, en: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><main>${fr}<section lang="en">${en}</section></main></body></html>`;
}

const PRIVACY = page(
  'Équipage — Confidentialité / Privacy',
  `<h1>Confidentialité des données</h1>
<p>Équipage est exploité par ta commune, qui est responsable du traitement de tes données. Les données restent dans les services Microsoft 365 et Azure de la commune.</p>
<h2>Quelles données ?</h2>
<ul><li>Ton identité dans l'annuaire de la commune (nom, poste, service, responsable, site, photo) ;</li>
<li>ton parcours d'arrivée : étapes, dates, qui les a cochées et quand ;</li>
<li>les documents que tu as lus et acceptés, avec la date et la version (empreinte SHA-256 du document) ;</li>
<li>les messages que le bot t'envoie et ce que tu lui demandes ;</li>
<li>un journal d'audit de chaque accès aux données d'une autre personne.</li></ul>
<h2>Qui y a accès ?</h2>
<p>Toi ; ton responsable pour ton parcours ; le service des ressources humaines. Tes collègues de service ne voient dans l'onglet d'équipe que ton nom, ton poste, ta date d'arrivée, ton parrain ou ta marraine et l'avancement global.</p>
<h2>Combien de temps ?</h2>
<p>Selon les durées fixées par la commune pour les dossiers des agents. Le journal d'audit est conservé comme preuve.</p>
<h2>Tes droits</h2>
<p>Tu peux demander l'accès, la rectification ou la limitation de tes données au service RH ou au délégué à la protection des données de la commune, et saisir la CNIL.</p>`,
  `<h1>Privacy</h1>
<p>Équipage is operated by your town, which controls your data. Data stays in the town's Microsoft 365 and Azure services.</p>
<h2>Which data?</h2>
<ul><li>Your directory identity (name, job, department, manager, site, photo);</li>
<li>your onboarding path: steps, dates, who ticked them and when;</li>
<li>the documents you read and accepted, with the time and version (SHA-256 of the document);</li>
<li>the bot's messages to you and your questions;</li>
<li>an audit log of every access to another person's data.</li></ul>
<h2>Who sees it?</h2>
<p>You; your manager for your path; HR. Colleagues of your department only see your name, job, start date, buddy and overall progress in the team tab.</p>
<h2>Your rights</h2>
<p>Ask HR or the town's data protection officer for access, correction or restriction; you may also complain to the CNIL.</p>`,
);

const TERMS = page(
  "Équipage — Conditions d'utilisation / Terms of use",
  `<h1>Conditions d'utilisation</h1>
<p>Équipage est un outil interne de la commune, réservé à ses agents et à ses services, pour l'accueil des nouveaux agents, les questions RH et les remontées de terrain.</p>
<h2>Usage</h2>
<ul><li>Utilise-le dans le cadre de ton travail, avec ton compte professionnel.</li>
<li>Les documents que tu acceptes (règlement intérieur, charte informatique, consignes de sécurité) s'appliquent à toi ; en cas de question, demande à ton responsable ou au service RH.</li>
<li>Les réponses du bot sont une aide : en cas de doute, le service RH fait foi.</li></ul>
<h2>Disponibilité</h2>
<p>Le service est fourni tel quel par la commune, qui peut le faire évoluer ou l'interrompre.</p>`,
  `<h1>Terms of use</h1>
<p>Équipage is an internal tool of the town for its staff: onboarding new staff, HR questions and field reports.</p>
<ul><li>Use it for work, with your work account.</li>
<li>The documents you accept (internal rules, IT charter, safety instructions) apply to you; ask your manager or HR if in doubt.</li>
<li>The bot's answers are guidance: HR has the final word.</li></ul>
<p>The service is provided as is by the town, which may change or stop it.</p>`,
);

/** Registers the two pages. */
export function registerLegalPages(app: FastifyInstance): void {
  for (const [path, html] of [['/tab/privacy', PRIVACY], ['/tab/terms', TERMS]] as const) {
    app.get(path, async (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/html; charset=utf-8').send(html));
  }
}
