// The household's Swahili messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Swahili catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Swahili messages. */
export const swHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Nani anaweza kuuliza maswali?",
  "setup.askAccounts": "Watu wenye akaunti (wengine wote wanaweza kusoma na kutafuta)",
  "setup.askAnyone": "Yeyote kwenye mtandao huu (mtandao wa nyumbani unaouamini)",
  "setup.askNobody": "Hakuna asiye na akaunti, hata kusoma",
  "setup.askHint": "Unaweza kubadilisha hili baadaye kwenye Mipangilio.",
  "welcome.title": "Almanac iko tayari",
  "welcome.intro":
    "Almanac tayari inajibu kutoka kwenye vitabu vilivyo kwenye folda yake ya maktaba. Hizi ni hatua zinazofuata; kila moja inaweza kusubiri.",
  "welcome.people": "Alika watu wa nyumbani",
  "welcome.peopleAnyone":
    "Yeyote kwenye mtandao huu anaweza kuuliza. Akaunti si lazima: zinahifadhi mazungumzo ya mtu kwenye kila kifaa.",
  "welcome.peopleAccounts":
    "Ni watu wenye akaunti tu wanaoweza kuuliza. Ongeza akaunti kwa kila mtu; wanaingia kwa jina na nenosiri unalochagua hapa.",
  "welcome.peopleNobody": "Kila mtu anahitaji akaunti, hata kusoma. Ongeza akaunti kwa kila mtu.",
  "welcome.personName": "Jina lake",
  "welcome.personPassword": "Nenosiri lake (angalau herufi 8)",
  "welcome.addPerson": "Ongeza akaunti",
  "welcome.added": "{name} sasa anaweza kuingia.",
  "welcome.accounts": "Akaunti: {names}",
  "welcome.changeAccess": "Badilisha nani anaweza kuuliza",
  "welcome.books": "Ongeza vitabu",
  "welcome.booksBody":
    "Nakili faili za EPUB, PDF, Markdown, maandishi au ZIM kwenye folda ya maktaba, <code>{dir}</code>, au uzipakie kwenye ukurasa wa Maktaba.",
  "welcome.booksCount":
    "{count, plural, =0 {Maktaba bado ni tupu.} one {Maktaba ina kitabu #.} other {Maktaba ina vitabu #.}}",
  "welcome.openLibrary": "Fungua maktaba",
  "welcome.model": "Ongeza modeli (si lazima)",
  "welcome.modelBody":
    "Bila modeli, Almanac inajibu kwa vifungu vilivyonukuliwa kutoka kwenye vitabu. Kwa majibu yaliyoandikwa, nakili faili la GGUF kwenye <code>{dir}</code> au endesha <code>{command}</code>; ukurasa wa Hali unaonyesha kilichopakiwa.",
  "welcome.openStatus": "Fungua Hali",
  "welcome.start": "Anza kuuliza",
  "settings.access": "Wageni wasio na akaunti wanaweza",
  "settings.accessNone": "kutofanya chochote: ingia kwa kila kitu",
  "settings.accessReader": "kusoma na kutafuta",
  "settings.accessUser": "kusoma, kutafuta na kuuliza",
  "settings.accessAdmin": "kufanya kila kitu, kama msimamizi",
  "speech.read": "Soma kwa sauti",
  "speech.pause": "Sitisha",
  "speech.resume": "Endelea",
  "speech.stop": "Simamisha",
  "nav.menu": "Menyu",
  "acct.copy": "Nakili",
  "acct.copied": "Imenakiliwa",
  "acct.useKeyAt":
    "Utumie kama <code>{header}</code>, au kama ufunguo wa API wa mteja yeyote wa OpenAI mwenye URL ya msingi <code>{url}</code>.",
  "status.addModelHint":
    "Nakili faili la .gguf kwenye <code>{dir}</code>, pakia moja hapa chini, au endesha <code>{command}</code> (mipangilio ya awali: {presets}).",
  "status.speechServer":
    "Majibu ya kusemwa kwa vifaa visivyo na sauti (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {yamezimwa; sakinisha espeak-ng ili kuyawasha}}",
  "lib.ready": "“{title}” kimeorodheshwa.",
  "lib.openBook": "Kifungue",
  "style.research": "Utafiti",
  "msg.researchStep":
    "Imetafuta “{query}”: {found, plural, =0 {hakuna jipya} one {kifungu # kipya} other {vifungu # vipya}}",
  "msg.researchRead":
    "Imesoma zaidi kutoka {passage}: {found, plural, =0 {hakuna zaidi} one {kifungu # zaidi} other {vifungu # zaidi}}",
};
