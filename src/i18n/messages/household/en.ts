// The household's messages (first-run setup's choices, the welcome page, read-aloud, the phone menu, key
// copying), spread into the English catalog.

/** The household's English messages. */
export const enHousehold = {
  "setup.whoAsks": "Who may ask questions?",
  "setup.askAccounts": "People with an account (anyone else may read and search)",
  "setup.askAnyone": "Anyone on this network (a home network you trust)",
  "setup.askNobody": "Nobody without an account, not even to read",
  "setup.askHint": "You can change this later in Settings.",
  "welcome.title": "Almanac is ready",
  "welcome.intro":
    "Almanac already answers from the books in its library folder. These are the next steps; each can wait.",
  "welcome.people": "Invite the household",
  "welcome.peopleAnyone":
    "Anyone on this network may ask. Accounts are optional: they keep a person's conversations on every device.",
  "welcome.peopleAccounts":
    "Only people with an account may ask. Add one for each person; they sign in with the name and password you choose here.",
  "welcome.peopleNobody": "Everyone needs an account, even to read. Add one for each person.",
  "welcome.personName": "Their name",
  "welcome.personPassword": "Their password (at least 8 characters)",
  "welcome.addPerson": "Add account",
  "welcome.added": "{name} can now sign in.",
  "welcome.accounts": "Accounts: {names}",
  "welcome.changeAccess": "Change who may ask",
  "welcome.books": "Add books",
  "welcome.booksBody":
    "Copy EPUB, PDF, Markdown, text or ZIM files into the library folder, <code>{dir}</code>, or upload them on the Library page.",
  "welcome.booksCount":
    "{count, plural, =0 {The library is empty so far.} one {The library has # book.} other {The library has # books.}}",
  "welcome.openLibrary": "Open the library",
  "welcome.model": "Add a model (optional)",
  "welcome.modelBody":
    "Without a model, Almanac answers with passages quoted from the books. For written answers, copy a GGUF file into <code>{dir}</code> or run <code>{command}</code>; the Status page shows what is loaded.",
  "welcome.openStatus": "Open Status",
  "welcome.start": "Start asking",
  "settings.access": "Visitors without an account may",
  "settings.accessNone": "nothing: sign in for everything",
  "settings.accessReader": "read and search",
  "settings.accessUser": "read, search and ask",
  "settings.accessAdmin": "do everything, as an admin",
  "speech.read": "Read aloud",
  "speech.pause": "Pause",
  "speech.resume": "Resume",
  "speech.stop": "Stop",
  "nav.menu": "Menu",
  "acct.copy": "Copy",
  "acct.copied": "Copied",
  "acct.useKeyAt":
    "Use it as <code>{header}</code>, or as the API key of any OpenAI client with the base URL <code>{url}</code>.",
  "status.addModelHint":
    "Copy a .gguf file into <code>{dir}</code>, upload one below, or run <code>{command}</code> (presets: {presets}).",
  "status.speechServer":
    "Spoken answers for devices without voices (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {off; install espeak-ng to turn them on}}",
  "lib.ready": "“{title}” is indexed.",
  "lib.openBook": "Open it",
  "style.research": "Research",
  "msg.researchStep":
    "Searched “{query}”: {found, plural, =0 {nothing new} one {# new passage} other {# new passages}}",
  "msg.researchRead":
    "Read on from {passage}: {found, plural, =0 {nothing more} one {# more passage} other {# more passages}}",
} as const;
