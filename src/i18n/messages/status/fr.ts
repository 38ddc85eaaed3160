// The status page's French messages (models, compute, the library's counts), spread into the French catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's French messages. */
export const frStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "pages web",
  "format.zim": "archives ZIM",
  "format.media": "vidéos et audios",
  "format.markdown": "Markdown",
  "format.text": "texte",
  "model.chat": "chat",
  "model.embedding": "plongements",
  "model.reranker": "reclassement",
  "status.title": "État",
  "status.address": "Ouvrir Almanac sur un autre appareil",
  "status.addressHint": "Sur un téléphone ou un ordinateur du même réseau, ouvrez cette adresse ou scannez le code.",
  "status.qrLabel": "Code QR de {url}",
  "status.meta": "Almanac {version} · en marche depuis {uptime} · <json>JSON</json>",
  "status.answersHeading": "Réponses et recherche",
  "status.answersRag": "Réponses : rédigées par le modèle de chat, avec citations",
  "status.answersExtractive": "Réponses : extractives (pas de modèle de chat)",
  "status.search":
    "Recherche : {mode, select, bm25 {mots (BM25)} vector {sens (vecteurs)} hybrid {mots et sens (hybride)} rerank {mots et sens, reclassés} other {{mode}}}",
  "status.remoteUnused": "Générateur distant {url} non utilisé : {reason}",
  "status.compute": "Calcul : {backend}",
  "status.threads": "{threads, plural, one {# thread} other {# threads}}",
  "status.embeddingLayout":
    "plongements sur {contexts, plural, one {# contexte} other {# contextes}} × {threads, plural, one {# thread} other {# threads}}",
  "status.machine": "Machine : {cpu}, {cores, plural, one {# cœur} other {# cœurs}}",
  "status.noAvx2": "pas d’AVX2",
  "status.memory": "{free} de mémoire libre sur {total}",
  "status.models": "Modèles",
  "status.switched":
    "Les réponses viennent maintenant de {model}. Celles qui étaient en cours se sont terminées avec le modèle précédent.",
  "status.unloadedChat":
    "{model} est déchargé : les réponses citent la bibliothèque (extractives) jusqu’à ce qu’un modèle soit de nouveau choisi ou jusqu’au prochain démarrage.",
  "status.unloadedReranker":
    "{model} est déchargé : les recherches ne sont plus reclassées jusqu’à ce qu’un modèle soit de nouveau choisi ou jusqu’au prochain démarrage.",
  "status.reranker": "Les recherches sont maintenant reclassées par {model}.",
  "status.uploaded":
    "{file} est dans le dossier des modèles. Un modèle de chat peut servir tout de suite avec « {use} » ; les autres rôles se chargent au prochain démarrage.",
  "status.switchFailed":
    "Le passage au modèle de plongements {model} a échoué : {error}. Le modèle précédent sert toujours la recherche.",
  "status.switchDone":
    "La recherche utilise maintenant {model} : {count, plural, one {# passage recalculé} other {# passages recalculés}}.",
  "status.switchProgress":
    "Recalcul des plongements de la bibliothèque pour {model} : {done, number} passages sur {total, number}",
  "status.switchNote": "La recherche utilise le modèle précédent jusqu’à la fin ; les nouveaux livres attendent.",
  "status.switchBar": "Progression du recalcul",
  "status.noModels":
    "Aucun modèle : copiez des fichiers GGUF dans le dossier des modèles et redémarrez (un modèle de chat peut servir tout de suite). La recherche et les réponses extractives fonctionnent sans eux.",
  "status.noModelsAdmin":
    "Aucun modèle : copiez des fichiers GGUF dans le dossier des modèles, ou envoyez-en un ci-dessous, et redémarrez (un modèle de chat peut servir tout de suite). La recherche et les réponses extractives fonctionnent sans eux.",
  "status.model": "Modèle",
  "status.role": "Rôle",
  "status.state": "État",
  "status.speed": "Vitesse (récente)",
  "status.remoteAt": "générateur distant sur {url}",
  "status.modelFacts": "{architecture} · {parameters} paramètres · {quantization} · {size}",
  "status.loaded": "chargé",
  "status.notLoaded": "non chargé",
  "status.loadFailed": "échec : {error}",
  "status.unload": "Décharger",
  "status.useChat": "Utiliser pour le chat",
  "status.useEmbedding": "Utiliser pour les plongements",
  "status.useReranker": "Utiliser pour le reclassement",
  "status.atATime": "{n, number} à la fois",
  "status.firstToken": "premier token p50 {p50, number} ms, p95 {p95, number} ms",
  "status.tokensPerS": "{p50, number} tokens/s (p95 {p95, number})",
  "status.answerCount": "{count, plural, one {# réponse} other {# réponses}}",
  "status.addModel": "Ajouter un modèle GGUF",
  "status.addModelNote":
    "Copié directement dans le dossier des modèles et vérifié (en-tête GGUF) avant d’apparaître dans la liste ; les gros fichiers prennent du temps en Wi-Fi.",
  "status.uploadModel": "Envoyer le modèle",
  "status.notSwitched": "Modèle non changé",
  "status.notUnloaded": "Modèle non déchargé",
  "status.notAdded": "Modèle non ajouté",
  "status.library": "Bibliothèque",
  "status.folderAvailable": "Dossier : {path} — disponible",
  "status.folderUnavailable": "Dossier : {path} — indisponible : {reason}",
  "status.indexingPaused": "Indexation : {reason}",
  "status.rebuilding":
    "Reconstruction de l’index à côté de l’ancien ({from} → {to}) : {done, number} documents sur {total, number} ; la recherche utilise l’ancien index jusqu’à la bascule",
  "status.documents":
    "Documents : {indexed, number} indexés · {queued, number} en attente · {indexing, number} en cours · {failed, number} en échec · {skipped, number} ignorés",
  "status.formats": "Formats : {list}",
  "status.formatCount": "{count, number} {name}",
  "status.chunks": "Passages (fragments) : {count, number}",
  "status.indexingReembed": "Indexation : en pause pendant le recalcul des plongements ({queued, number} en attente)",
  "status.indexingBusy": "Indexation : {file} ({queued, number} en attente)",
  "status.indexingIdle": "Indexation : au repos",
  "status.disk": "Disque utilisé par l’index : {size}",
  "status.attention": "Fichiers à examiner ({count, number})",
  "status.failure": "{path} ({state}) : {error}",
  "status.warned": "indexé avec un avertissement",
};
