// The status page's Spanish messages (models, compute, the library's counts), spread into the Spanish catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's Spanish messages. */
export const esStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "páginas web",
  "format.zim": "archivos ZIM",
  "format.media": "vídeos y audios",
  "format.markdown": "Markdown",
  "format.text": "texto",
  "model.chat": "chat",
  "model.embedding": "embeddings",
  "model.reranker": "reordenación",
  "status.title": "Estado",
  "status.address": "Abrir Almanac en otro dispositivo",
  "status.addressHint": "En un teléfono u ordenador de la misma red, abra esta dirección o escanee el código.",
  "status.qrLabel": "Código QR de {url}",
  "status.meta": "Almanac {version} · en marcha desde hace {uptime} · <json>JSON</json>",
  "status.answersHeading": "Respuestas y búsqueda",
  "status.answersRag": "Respuestas: generadas por el modelo de chat, con citas",
  "status.answersExtractive": "Respuestas: extractivas (sin modelo de chat)",
  "status.search":
    "Búsqueda: {mode, select, bm25 {palabras (BM25)} vector {significado (vectores)} hybrid {palabras y significado (híbrida)} rerank {palabras y significado, reordenada} other {{mode}}}",
  "status.remoteUnused": "El generador remoto {url} no se usa: {reason}",
  "status.compute": "Cálculo: {backend}",
  "status.threads": "{threads, plural, one {# hilo} other {# hilos}}",
  "status.embeddingLayout":
    "embeddings en {contexts, plural, one {# contexto} other {# contextos}} × {threads, plural, one {# hilo} other {# hilos}}",
  "status.machine": "Equipo: {cpu}, {cores, plural, one {# núcleo} other {# núcleos}}",
  "status.noAvx2": "sin AVX2",
  "status.memory": "{free} de {total} de memoria libre",
  "status.models": "Modelos",
  "status.switched":
    "Las respuestas ahora vienen de {model}. Las que se estaban escribiendo terminaron con el modelo anterior.",
  "status.unloadedChat":
    "{model} está descargado: las respuestas citan la biblioteca (extractivas) hasta que se elija otro o hasta el próximo arranque.",
  "status.unloadedReranker":
    "{model} está descargado: las búsquedas ya no se reordenan hasta que se elija otro o hasta el próximo arranque.",
  "status.reranker": "Las búsquedas ahora las reordena {model}.",
  "status.uploaded":
    "{file} está en la carpeta de modelos. Un modelo de chat se puede usar ya con «{use}»; los demás se cargan en el próximo arranque.",
  "status.switchFailed":
    "El cambio del modelo de embeddings a {model} ha fallado: {error}. El modelo anterior sigue sirviendo la búsqueda.",
  "status.switchDone":
    "La búsqueda ya usa {model}: {count, plural, one {# pasaje recalculado} other {# pasajes recalculados}}.",
  "status.switchProgress":
    "Recalculando los embeddings de la biblioteca para {model}: {done, number} de {total, number} pasajes",
  "status.switchNote": "La búsqueda sigue usando el modelo anterior hasta que termine; los libros nuevos esperan.",
  "status.switchBar": "Progreso del recálculo",
  "status.noModels":
    "No hay modelos: copia archivos GGUF en la carpeta de modelos y reinicia (un modelo de chat se puede usar al momento). La búsqueda y las respuestas extractivas funcionan sin ellos.",
  "status.noModelsAdmin":
    "No hay modelos: copia archivos GGUF en la carpeta de modelos, o sube uno abajo, y reinicia (un modelo de chat se puede usar al momento). La búsqueda y las respuestas extractivas funcionan sin ellos.",
  "status.model": "Modelo",
  "status.role": "Función",
  "status.state": "Estado",
  "status.speed": "Velocidad (reciente)",
  "status.remoteAt": "generador remoto en {url}",
  "status.modelFacts": "{architecture} · {parameters} parámetros · {quantization} · {size}",
  "status.loaded": "cargado",
  "status.notLoaded": "no cargado",
  "status.loadFailed": "error: {error}",
  "status.unload": "Descargar",
  "status.useChat": "Usar para el chat",
  "status.useEmbedding": "Usar para embeddings",
  "status.useReranker": "Usar para reordenar",
  "status.atATime": "{n, number} a la vez",
  "status.firstToken": "primer token p50 {p50, number} ms, p95 {p95, number} ms",
  "status.tokensPerS": "{p50, number} tokens/s (p95 {p95, number})",
  "status.answerCount": "{count, plural, one {# respuesta} other {# respuestas}}",
  "status.addModel": "Añadir un modelo GGUF",
  "status.addModelNote":
    "Se guarda directamente en la carpeta de modelos y se comprueba (cabecera GGUF) antes de aparecer en la lista; los archivos grandes tardan por wifi.",
  "status.uploadModel": "Subir modelo",
  "status.notSwitched": "Modelo no cambiado",
  "status.notUnloaded": "Modelo no descargado",
  "status.notAdded": "Modelo no añadido",
  "status.library": "Biblioteca",
  "status.folderAvailable": "Carpeta: {path} — disponible",
  "status.folderUnavailable": "Carpeta: {path} — no disponible: {reason}",
  "status.indexingPaused": "Indexación: {reason}",
  "status.rebuilding":
    "Reconstruyendo el índice junto al anterior ({from} → {to}): {done, number} de {total, number} documentos; la búsqueda usa el índice anterior hasta el cambio",
  "status.documents":
    "Documentos: {indexed, number} indexados · {queued, number} en cola · {indexing, number} indexándose · {failed, number} con error · {skipped, number} omitidos",
  "status.formats": "Formatos: {list}",
  "status.formatCount": "{count, number} {name}",
  "status.chunks": "Pasajes (fragmentos): {count, number}",
  "status.indexingReembed": "Indexación: en pausa mientras se recalculan los embeddings ({queued, number} en cola)",
  "status.indexingBusy": "Indexación: {file} ({queued, number} en cola)",
  "status.indexingIdle": "Indexación: en espera",
  "status.disk": "Disco usado por el índice: {size}",
  "status.attention": "Archivos que requieren atención ({count, number})",
  "status.failure": "{path} ({state}): {error}",
  "status.warned": "indexado con un aviso",
};
