// The status page's German messages (models, compute, the library's counts), spread into the German catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's German messages. */
export const deStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "Webseiten",
  "format.zim": "ZIM-Archive",
  "format.media": "Videos und Audios",
  "format.markdown": "Markdown",
  "format.text": "Text",
  "model.chat": "Chat",
  "model.embedding": "Embedding",
  "model.reranker": "Reranking",
  "status.title": "Status",
  "status.address": "Almanac auf einem anderen Gerät öffnen",
  "status.addressHint":
    "Öffnen Sie auf einem Handy oder Computer im selben Netzwerk diese Adresse, oder scannen Sie den Code.",
  "status.qrLabel": "QR-Code von {url}",
  "status.meta": "Almanac {version} · läuft seit {uptime} · <json>JSON</json>",
  "status.answersHeading": "Antworten und Suche",
  "status.answersRag": "Antworten: vom Chat-Modell geschrieben, mit Quellen",
  "status.answersExtractive": "Antworten: extraktiv (kein Chat-Modell)",
  "status.search":
    "Suche: {mode, select, bm25 {Wörter (BM25)} vector {Bedeutung (Vektoren)} hybrid {Wörter und Bedeutung (hybrid)} rerank {Wörter und Bedeutung, neu gereiht} other {{mode}}}",
  "status.remoteUnused": "Entfernter Generator {url} nicht verwendet: {reason}",
  "status.compute": "Rechnen: {backend}",
  "status.threads": "{threads, plural, one {# Thread} other {# Threads}}",
  "status.embeddingLayout":
    "Embedding auf {contexts, plural, one {# Kontext} other {# Kontexten}} × {threads, plural, one {# Thread} other {# Threads}}",
  "status.machine": "Rechner: {cpu}, {cores, plural, one {# Kern} other {# Kerne}}",
  "status.noAvx2": "kein AVX2",
  "status.memory": "{free} von {total} Arbeitsspeicher frei",
  "status.models": "Modelle",
  "status.switched":
    "Antworten kommen jetzt von {model}. Antworten, die gerade entstanden, wurden mit dem vorigen Modell fertig.",
  "status.unloadedChat":
    "{model} ist entladen: Antworten zitieren die Bibliothek (extraktiv), bis wieder eines gewählt wird oder bis zum nächsten Start.",
  "status.unloadedReranker":
    "{model} ist entladen: Suchergebnisse werden nicht mehr neu gereiht, bis wieder eines gewählt wird oder bis zum nächsten Start.",
  "status.reranker": "Suchergebnisse werden jetzt von {model} neu gereiht.",
  "status.uploaded":
    "{file} liegt im Modellordner. Ein Chat-Modell lässt sich sofort mit „{use}“ verwenden; andere Rollen laden beim nächsten Start.",
  "status.switchFailed":
    "Der Wechsel des Embedding-Modells zu {model} ist fehlgeschlagen: {error}. Das vorige Modell bedient weiter die Suche.",
  "status.switchDone":
    "Die Suche verwendet jetzt {model}: {count, plural, one {# Textstelle neu eingebettet} other {# Textstellen neu eingebettet}}.",
  "status.switchProgress":
    "Die Bibliothek wird für {model} neu eingebettet: {done, number} von {total, number} Textstellen",
  "status.switchNote": "Bis dahin verwendet die Suche das vorige Modell; neue Bücher warten.",
  "status.switchBar": "Fortschritt der Neueinbettung",
  "status.noModels":
    "Keine Modelle: Kopiere GGUF-Dateien in den Modellordner und starte neu (ein Chat-Modell lässt sich sofort verwenden). Suche und extraktive Antworten funktionieren auch ohne.",
  "status.noModelsAdmin":
    "Keine Modelle: Kopiere GGUF-Dateien in den Modellordner oder lade unten eines hoch, und starte neu (ein Chat-Modell lässt sich sofort verwenden). Suche und extraktive Antworten funktionieren auch ohne.",
  "status.model": "Modell",
  "status.role": "Rolle",
  "status.state": "Zustand",
  "status.speed": "Tempo (zuletzt)",
  "status.remoteAt": "entfernter Generator unter {url}",
  "status.modelFacts": "{architecture} · {parameters} Parameter · {quantization} · {size}",
  "status.loaded": "geladen",
  "status.notLoaded": "nicht geladen",
  "status.loadFailed": "fehlgeschlagen: {error}",
  "status.unload": "Entladen",
  "status.useChat": "Für den Chat verwenden",
  "status.useEmbedding": "Für Embeddings verwenden",
  "status.useReranker": "Zum Neureihen verwenden",
  "status.atATime": "{n, number} gleichzeitig",
  "status.firstToken": "erstes Token p50 {p50, number} ms, p95 {p95, number} ms",
  "status.tokensPerS": "{p50, number} Tokens/s (p95 {p95, number})",
  "status.answerCount": "{count, plural, one {# Antwort} other {# Antworten}}",
  "status.addModel": "Ein GGUF-Modell hinzufügen",
  "status.addModelNote":
    "Wird direkt in den Modellordner geschrieben und geprüft (GGUF-Header), bevor es erscheint; große Dateien dauern über WLAN eine Weile.",
  "status.uploadModel": "Modell hochladen",
  "status.notSwitched": "Modell nicht gewechselt",
  "status.notUnloaded": "Modell nicht entladen",
  "status.notAdded": "Modell nicht hinzugefügt",
  "status.library": "Bibliothek",
  "status.folderAvailable": "Ordner: {path} — verfügbar",
  "status.folderUnavailable": "Ordner: {path} — nicht verfügbar: {reason}",
  "status.indexingPaused": "Indexierung: {reason}",
  "status.rebuilding":
    "Der Index wird neben dem alten neu aufgebaut ({from} → {to}): {done, number} von {total, number} Dokumenten; bis zum Wechsel verwendet die Suche den alten Index",
  "status.documents":
    "Dokumente: {indexed, number} indexiert · {queued, number} wartend · {indexing, number} in Arbeit · {failed, number} fehlgeschlagen · {skipped, number} übersprungen",
  "status.formats": "Formate: {list}",
  "status.formatCount": "{count, number} {name}",
  "status.chunks": "Textstellen (Abschnitte): {count, number}",
  "status.indexingReembed":
    "Indexierung: pausiert, während die Bibliothek neu eingebettet wird ({queued, number} wartend)",
  "status.indexingBusy": "Indexierung: {file} ({queued, number} wartend)",
  "status.indexingIdle": "Indexierung: ruht",
  "status.disk": "Speicherplatz des Index: {size}",
  "status.attention": "Dateien, die Aufmerksamkeit brauchen ({count, number})",
  "status.failure": "{path} ({state}): {error}",
  "status.warned": "mit Warnung indexiert",
};
