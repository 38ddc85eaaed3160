// The household's German messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the German catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's German messages. */
export const deHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Wer darf Fragen stellen?",
  "setup.askAccounts": "Personen mit Konto (alle anderen dürfen lesen und suchen)",
  "setup.askAnyone": "Alle in diesem Netzwerk (ein Heimnetz, dem du vertraust)",
  "setup.askNobody": "Niemand ohne Konto, nicht einmal zum Lesen",
  "setup.askHint": "Du kannst das später in den Einstellungen ändern.",
  "welcome.title": "Almanac ist bereit",
  "welcome.intro":
    "Almanac antwortet schon aus den Büchern in seinem Bibliotheksordner. Das sind die nächsten Schritte; jeder davon kann warten.",
  "welcome.people": "Den Haushalt einladen",
  "welcome.peopleAnyone":
    "Alle in diesem Netzwerk dürfen fragen. Konten sind optional: Mit einem Konto hat eine Person ihre Unterhaltungen auf jedem Gerät.",
  "welcome.peopleAccounts":
    "Nur Personen mit Konto dürfen fragen. Lege für jede Person eines an; sie melden sich mit dem Namen und dem Passwort an, die du hier wählst.",
  "welcome.peopleNobody": "Alle brauchen ein Konto, sogar zum Lesen. Lege für jede Person eines an.",
  "welcome.personName": "Name der Person",
  "welcome.personPassword": "Passwort der Person (mindestens 8 Zeichen)",
  "welcome.addPerson": "Konto hinzufügen",
  "welcome.added": "{name} kann sich jetzt anmelden.",
  "welcome.accounts": "Konten: {names}",
  "welcome.changeAccess": "Ändern, wer fragen darf",
  "welcome.books": "Bücher hinzufügen",
  "welcome.booksBody":
    "Kopiere EPUB-, PDF-, Markdown-, Text- oder ZIM-Dateien in den Bibliotheksordner, <code>{dir}</code>, oder lade sie auf der Bibliotheksseite hoch.",
  "welcome.booksCount":
    "{count, plural, =0 {Die Bibliothek ist noch leer.} one {Die Bibliothek enthält # Buch.} other {Die Bibliothek enthält # Bücher.}}",
  "welcome.openLibrary": "Bibliothek öffnen",
  "welcome.model": "Ein Modell hinzufügen (optional)",
  "welcome.modelBody":
    "Ohne Modell antwortet Almanac mit Textstellen, die aus den Büchern zitiert sind. Für ausformulierte Antworten kopiere eine GGUF-Datei nach <code>{dir}</code> oder führe <code>{command}</code> aus; die Statusseite zeigt, was geladen ist.",
  "welcome.openStatus": "Status öffnen",
  "welcome.start": "Jetzt fragen",
  "settings.access": "Besucher ohne Konto dürfen",
  "settings.accessNone": "nichts: Anmeldung für alles nötig",
  "settings.accessReader": "lesen und suchen",
  "settings.accessUser": "lesen, suchen und fragen",
  "settings.accessAdmin": "als Administrator alles tun",
  "speech.read": "Vorlesen",
  "speech.pause": "Pause",
  "speech.resume": "Fortsetzen",
  "speech.stop": "Stopp",
  "nav.menu": "Menü",
  "acct.copy": "Kopieren",
  "acct.copied": "Kopiert",
  "acct.useKeyAt":
    "Verwende ihn als <code>{header}</code> oder als API-Schlüssel eines beliebigen OpenAI-Clients mit der Basis-URL <code>{url}</code>.",
  "status.addModelHint":
    "Kopiere eine .gguf-Datei nach <code>{dir}</code>, lade unten eine hoch oder führe <code>{command}</code> aus (Vorlagen: {presets}).",
  "status.speechServer":
    "Gesprochene Antworten für Geräte ohne eigene Stimmen (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {aus; installiere espeak-ng, um sie einzuschalten}}",
  "lib.ready": "„{title}“ ist indexiert.",
  "lib.openBook": "Öffnen",
  "style.research": "Recherche",
  "msg.researchStep":
    "Gesucht nach „{query}“: {found, plural, =0 {nichts Neues} one {# neue Stelle} other {# neue Stellen}}",
  "msg.researchRead":
    "Weitergelesen ab {passage}: {found, plural, =0 {nichts weiter} one {# weitere Stelle} other {# weitere Stellen}}",
};
