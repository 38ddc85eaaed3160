// The status page's Portuguese (Brazil) messages (models, compute, the library's counts), spread into the Portuguese (Brazil) catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's Portuguese (Brazil) messages. */
export const ptBRStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "páginas web",
  "format.zim": "arquivos ZIM",
  "format.media": "vídeos e áudios",
  "format.markdown": "Markdown",
  "format.text": "texto",
  "model.chat": "chat",
  "model.embedding": "embeddings",
  "model.reranker": "reordenação",
  "status.title": "Status",
  "status.address": "Abrir o Almanac em outro aparelho",
  "status.addressHint": "Em um celular ou computador na mesma rede, abra este endereço ou leia o código.",
  "status.qrLabel": "Código QR de {url}",
  "status.meta": "Almanac {version} · ligado há {uptime} · <json>JSON</json>",
  "status.answersHeading": "Respostas e busca",
  "status.answersRag": "Respostas: escritas pelo modelo de chat, com citações",
  "status.answersExtractive": "Respostas: extrativas (sem modelo de chat)",
  "status.search":
    "Busca: {mode, select, bm25 {palavras (BM25)} vector {significado (vetores)} hybrid {palavras e significado (híbrida)} rerank {palavras e significado, reordenada} other {{mode}}}",
  "status.remoteUnused": "Gerador remoto {url} não usado: {reason}",
  "status.compute": "Processamento: {backend}",
  "status.threads": "{threads, plural, one {# thread} other {# threads}}",
  "status.embeddingLayout":
    "embeddings em {contexts, plural, one {# contexto} other {# contextos}} × {threads, plural, one {# thread} other {# threads}}",
  "status.machine": "Máquina: {cpu}, {cores, plural, one {# núcleo} other {# núcleos}}",
  "status.noAvx2": "sem AVX2",
  "status.memory": "{free} de {total} de memória livre",
  "status.models": "Modelos",
  "status.switched": "As respostas agora vêm de {model}. As que estavam sendo escritas terminaram no modelo anterior.",
  "status.unloadedChat":
    "{model} foi descarregado: as respostas citam a biblioteca (extrativas) até que outro seja escolhido ou até a próxima inicialização.",
  "status.unloadedReranker":
    "{model} foi descarregado: as buscas não são mais reordenadas até que outro seja escolhido ou até a próxima inicialização.",
  "status.reranker": "As buscas agora são reordenadas por {model}.",
  "status.uploaded":
    "{file} está na pasta de modelos. Um modelo de chat já pode ser usado com “{use}”; as outras funções carregam na próxima inicialização.",
  "status.switchFailed":
    "A troca do modelo de embeddings para {model} falhou: {error}. O modelo anterior continua atendendo a busca.",
  "status.switchDone":
    "A busca agora usa {model}: {count, plural, one {# trecho recalculado} other {# trechos recalculados}}.",
  "status.switchProgress":
    "Recalculando os embeddings da biblioteca para {model}: {done, number} de {total, number} trechos",
  "status.switchNote": "A busca continua usando o modelo anterior até terminar; os livros novos esperam.",
  "status.switchBar": "Progresso do recálculo",
  "status.noModels":
    "Nenhum modelo: copie arquivos GGUF para a pasta de modelos e reinicie (um modelo de chat pode ser usado na hora). A busca e as respostas extrativas funcionam sem eles.",
  "status.noModelsAdmin":
    "Nenhum modelo: copie arquivos GGUF para a pasta de modelos, ou envie um abaixo, e reinicie (um modelo de chat pode ser usado na hora). A busca e as respostas extrativas funcionam sem eles.",
  "status.model": "Modelo",
  "status.role": "Função",
  "status.state": "Estado",
  "status.speed": "Velocidade (recente)",
  "status.remoteAt": "gerador remoto em {url}",
  "status.modelFacts": "{architecture} · {parameters} parâmetros · {quantization} · {size}",
  "status.loaded": "carregado",
  "status.notLoaded": "não carregado",
  "status.loadFailed": "falhou: {error}",
  "status.unload": "Descarregar",
  "status.useChat": "Usar no chat",
  "status.useEmbedding": "Usar para embeddings",
  "status.useReranker": "Usar para reordenar",
  "status.atATime": "{n, number} por vez",
  "status.firstToken": "primeiro token p50 {p50, number} ms, p95 {p95, number} ms",
  "status.tokensPerS": "{p50, number} tokens/s (p95 {p95, number})",
  "status.answerCount": "{count, plural, one {# resposta} other {# respostas}}",
  "status.addModel": "Adicionar um modelo GGUF",
  "status.addModelNote":
    "Gravado direto na pasta de modelos e verificado (cabeçalho GGUF) antes de aparecer na lista; arquivos grandes demoram no Wi-Fi.",
  "status.uploadModel": "Enviar modelo",
  "status.notSwitched": "Modelo não trocado",
  "status.notUnloaded": "Modelo não descarregado",
  "status.notAdded": "Modelo não adicionado",
  "status.library": "Biblioteca",
  "status.folderAvailable": "Pasta: {path} — disponível",
  "status.folderUnavailable": "Pasta: {path} — indisponível: {reason}",
  "status.indexingPaused": "Indexação: {reason}",
  "status.rebuilding":
    "Reconstruindo o índice ao lado do antigo ({from} → {to}): {done, number} de {total, number} documentos; a busca usa o índice antigo até a troca",
  "status.documents":
    "Documentos: {indexed, number} indexados · {queued, number} na fila · {indexing, number} indexando · {failed, number} com falha · {skipped, number} ignorados",
  "status.formats": "Formatos: {list}",
  "status.formatCount": "{count, number} {name}",
  "status.chunks": "Trechos (chunks): {count, number}",
  "status.indexingReembed":
    "Indexação: pausada enquanto os embeddings da biblioteca são recalculados ({queued, number} na fila)",
  "status.indexingBusy": "Indexação: {file} ({queued, number} na fila)",
  "status.indexingIdle": "Indexação: parada",
  "status.disk": "Disco usado pelo índice: {size}",
  "status.attention": "Arquivos que precisam de atenção ({count, number})",
  "status.failure": "{path} ({state}): {error}",
  "status.warned": "indexado com um aviso",
};
