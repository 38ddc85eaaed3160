// The household's French messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the French catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's French messages. */
export const frHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Qui peut poser des questions ?",
  "setup.askAccounts": "Les personnes qui ont un compte (les autres peuvent lire et rechercher)",
  "setup.askAnyone": "Tout le monde sur ce réseau (un réseau domestique de confiance)",
  "setup.askNobody": "Personne sans compte, pas même pour lire",
  "setup.askHint": "Vous pourrez changer cela plus tard dans Réglages.",
  "welcome.title": "Almanac est prêt",
  "welcome.intro":
    "Almanac répond déjà à partir des livres de son dossier de bibliothèque. Voici les étapes suivantes ; chacune peut attendre.",
  "welcome.people": "Inviter les membres du foyer",
  "welcome.peopleAnyone":
    "Tout le monde sur ce réseau peut poser des questions. Les comptes sont facultatifs : ils gardent les conversations de chacun sur tous ses appareils.",
  "welcome.peopleAccounts":
    "Seules les personnes qui ont un compte peuvent poser des questions. Ajoutez-en un pour chaque personne ; elle se connecte avec le nom et le mot de passe que vous choisissez ici.",
  "welcome.peopleNobody": "Tout le monde a besoin d’un compte, même pour lire. Ajoutez-en un pour chaque personne.",
  "welcome.personName": "Son nom",
  "welcome.personPassword": "Son mot de passe (au moins 8 caractères)",
  "welcome.addPerson": "Ajouter le compte",
  "welcome.added": "{name} peut maintenant se connecter.",
  "welcome.accounts": "Comptes : {names}",
  "welcome.changeAccess": "Changer qui peut poser des questions",
  "welcome.books": "Ajouter des livres",
  "welcome.booksBody":
    "Copiez des fichiers EPUB, PDF, Markdown, texte ou ZIM dans le dossier de la bibliothèque, <code>{dir}</code>, ou envoyez-les depuis la page Bibliothèque.",
  "welcome.booksCount":
    "{count, plural, =0 {La bibliothèque est encore vide.} one {La bibliothèque contient # livre.} many {La bibliothèque contient # de livres.} other {La bibliothèque contient # livres.}}",
  "welcome.openLibrary": "Ouvrir la bibliothèque",
  "welcome.model": "Ajouter un modèle (facultatif)",
  "welcome.modelBody":
    "Sans modèle, Almanac répond avec des passages cités des livres. Pour des réponses rédigées, copiez un fichier GGUF dans <code>{dir}</code> ou lancez <code>{command}</code> ; la page État indique ce qui est chargé.",
  "welcome.openStatus": "Ouvrir la page État",
  "welcome.start": "Commencer à poser des questions",
  "settings.access": "Les visiteurs sans compte peuvent",
  "settings.accessNone": "rien : connexion requise pour tout",
  "settings.accessReader": "lire et rechercher",
  "settings.accessUser": "lire, rechercher et poser des questions",
  "settings.accessAdmin": "tout faire, comme un administrateur",
  "speech.read": "Lire à voix haute",
  "speech.pause": "Pause",
  "speech.resume": "Reprendre",
  "speech.stop": "Arrêter",
  "nav.menu": "Menu",
  "acct.copy": "Copier",
  "acct.copied": "Copié",
  "acct.useKeyAt":
    "Utilisez-la comme <code>{header}</code>, ou comme clé d’API de n’importe quel client OpenAI avec l’URL de base <code>{url}</code>.",
  "status.addModelHint":
    "Copiez un fichier .gguf dans <code>{dir}</code>, envoyez-en un ci-dessous, ou lancez <code>{command}</code> (préréglages : {presets}).",
  "status.speechServer":
    "Réponses parlées pour les appareils sans voix (POST /v1/audio/speech) : {available, select, yes {espeak-ng} other {désactivées ; installez espeak-ng pour les activer}}",
  "lib.ready": "« {title} » est indexé.",
  "lib.openBook": "L’ouvrir",
  "style.research": "Recherche",
  "msg.researchStep":
    "Recherche « {query} » : {found, plural, =0 {rien de nouveau} one {# nouveau passage} other {# nouveaux passages}}",
  "msg.researchRead":
    "Lu la suite de {passage} : {found, plural, =0 {rien de plus} one {# passage de plus} other {# passages de plus}}",
};
