// The status page's Swahili messages (models, compute, the library's counts), spread into the Swahili catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's Swahili messages. */
export const swStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "kurasa za wavuti",
  "format.zim": "kumbukumbu za ZIM",
  "format.media": "video na sauti",
  "format.markdown": "Markdown",
  "format.text": "maandishi",
  "model.chat": "mazungumzo",
  "model.embedding": "upachikaji",
  "model.reranker": "upangaji upya",
  "status.title": "Hali",
  "status.address": "Fungua Almanac kwenye kifaa kingine",
  "status.addressHint": "Kwenye simu au kompyuta iliyo kwenye mtandao huo huo, fungua anwani hii au changanua msimbo.",
  "status.qrLabel": "Msimbo wa QR wa {url}",
  "status.meta": "Almanac {version} · imewashwa kwa {uptime} · <json>JSON</json>",
  "status.answersHeading": "Majibu na utafutaji",
  "status.answersRag": "Majibu: yanaandikwa na modeli ya mazungumzo, pamoja na marejeo",
  "status.answersExtractive": "Majibu: manukuu (hakuna modeli ya mazungumzo)",
  "status.search":
    "Utafutaji: {mode, select, bm25 {kwa maneno (BM25)} vector {kwa maana (vekta)} hybrid {kwa maneno na maana (mseto)} rerank {kwa maneno na maana, yakipangwa upya} other {{mode}}}",
  "status.remoteUnused": "Kizalishaji cha mbali {url} hakitumiki: {reason}",
  "status.compute": "Ukokotoaji: {backend}",
  "status.threads": "{threads, plural, one {uzi #} other {nyuzi #}}",
  "status.embeddingLayout":
    "upachikaji kwenye {contexts, plural, one {muktadha #} other {miktadha #}} × {threads, plural, one {uzi #} other {nyuzi #}}",
  "status.machine": "Mashine: {cpu}, {cores, plural, one {kiini #} other {viini #}}",
  "status.noAvx2": "hakuna AVX2",
  "status.memory": "{free} kati ya {total} za kumbukumbu ziko wazi",
  "status.models": "Modeli",
  "status.switched":
    "Majibu sasa yanatoka kwa {model}. Majibu yaliyokuwa yakiandikwa yalimalizika kwenye modeli ya awali.",
  "status.unloadedChat":
    "{model} imeondolewa: majibu yananukuu maktaba (manukuu) hadi modeli ichaguliwe tena au hadi kuwasha kunakofuata.",
  "status.unloadedReranker":
    "{model} imeondolewa: matokeo ya utafutaji hayapangwi upya tena hadi modeli ichaguliwe tena au hadi kuwasha kunakofuata.",
  "status.reranker": "Matokeo ya utafutaji sasa yanapangwa upya na {model}.",
  "status.uploaded":
    "{file} iko kwenye folda ya modeli. Modeli ya mazungumzo inaweza kutumika sasa kwa “{use}”; majukumu mengine yanapakiwa wakati wa kuwasha kunakofuata.",
  "status.switchFailed":
    "Kubadilisha modeli ya upachikaji kwenda {model} kumeshindwa: {error}. Modeli ya awali bado inahudumia utafutaji.",
  "status.switchDone":
    "Utafutaji sasa unatumia {model}: {count, plural, one {kifungu # kimepachikwa upya} other {vifungu # vimepachikwa upya}}.",
  "status.switchProgress": "Maktaba inapachikwa upya kwa {model}: vifungu {done, number} kati ya {total, number}",
  "status.switchNote": "Utafutaji unaendelea kutumia modeli ya awali hadi hili likamilike; vitabu vipya vinasubiri.",
  "status.switchBar": "Maendeleo ya upachikaji upya",
  "status.noModels":
    "Hakuna modeli: nakili faili za GGUF kwenye folda ya modeli kisha uwashe upya (modeli ya mazungumzo inaweza kutumika mara moja). Utafutaji na majibu ya manukuu hufanya kazi bila modeli.",
  "status.noModelsAdmin":
    "Hakuna modeli: nakili faili za GGUF kwenye folda ya modeli, au pakia moja hapa chini, kisha uwashe upya (modeli ya mazungumzo inaweza kutumika mara moja). Utafutaji na majibu ya manukuu hufanya kazi bila modeli.",
  "status.model": "Modeli",
  "status.role": "Jukumu",
  "status.state": "Hali",
  "status.speed": "Kasi (ya karibuni)",
  "status.remoteAt": "kizalishaji cha mbali kwenye {url}",
  "status.modelFacts": "{architecture} · vigezo {parameters} · {quantization} · {size}",
  "status.loaded": "imepakiwa",
  "status.notLoaded": "haijapakiwa",
  "status.loadFailed": "imeshindwa: {error}",
  "status.unload": "Ondoa",
  "status.useChat": "Tumia kwa mazungumzo",
  "status.useEmbedding": "Tumia kwa upachikaji",
  "status.useReranker": "Tumia kwa upangaji upya",
  "status.atATime": "{n, number} kwa wakati mmoja",
  "status.firstToken": "tokeni ya kwanza p50 ms {p50, number}, p95 ms {p95, number}",
  "status.tokensPerS": "tokeni {p50, number}/s (p95 {p95, number})",
  "status.answerCount": "{count, plural, one {jibu #} other {majibu #}}",
  "status.addModel": "Ongeza modeli ya GGUF",
  "status.addModelNote":
    "Inaandikwa moja kwa moja kwenye folda ya modeli na kukaguliwa (kichwa cha GGUF) kabla ya kuorodheshwa; faili kubwa huchukua muda kupitia Wi-Fi.",
  "status.uploadModel": "Pakia modeli",
  "status.notSwitched": "Modeli haijabadilishwa",
  "status.notUnloaded": "Modeli haijaondolewa",
  "status.notAdded": "Modeli haijaongezwa",
  "status.library": "Maktaba",
  "status.folderAvailable": "Folda: {path} — inapatikana",
  "status.folderUnavailable": "Folda: {path} — haipatikani: {reason}",
  "status.indexingPaused": "Uorodheshaji: {reason}",
  "status.rebuilding":
    "Faharasa inajengwa upya kando ya ile ya zamani ({from} → {to}): hati {done, number} kati ya {total, number}; utafutaji unatumia faharasa ya zamani hadi ubadilishaji",
  "status.documents":
    "Hati: {indexed, number} zimeorodheshwa · {queued, number} zinasubiri · {indexing, number} zinaorodheshwa · {failed, number} zimeshindwa · {skipped, number} zimerukwa",
  "status.formats": "Miundo: {list}",
  "status.formatCount": "{name} {count, number}",
  "status.chunks": "Vifungu: {count, number}",
  "status.indexingReembed": "Uorodheshaji: umesimama wakati maktaba inapachikwa upya ({queued, number} zinasubiri)",
  "status.indexingBusy": "Uorodheshaji: {file} ({queued, number} zinasubiri)",
  "status.indexingIdle": "Uorodheshaji: umetulia",
  "status.disk": "Diski inayotumiwa na faharasa: {size}",
  "status.attention": "Faili zinazohitaji uangalifu ({count, number})",
  "status.failure": "{path} ({state}): {error}",
  "status.warned": "imeorodheshwa na onyo",
};
