// The household's Portuguese (Brazil) messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Portuguese (Brazil) catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Portuguese (Brazil) messages. */
export const ptBRHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Quem pode fazer perguntas?",
  "setup.askAccounts": "Pessoas com conta (as demais podem ler e buscar)",
  "setup.askAnyone": "Qualquer pessoa nesta rede (uma rede doméstica de confiança)",
  "setup.askNobody": "Ninguém sem conta, nem mesmo para ler",
  "setup.askHint": "Você pode mudar isso depois em Configurações.",
  "welcome.title": "O Almanac está pronto",
  "welcome.intro":
    "O Almanac já responde com base nos livros da pasta da biblioteca. Estes são os próximos passos; cada um pode esperar.",
  "welcome.people": "Convidar as pessoas da casa",
  "welcome.peopleAnyone":
    "Qualquer pessoa nesta rede pode perguntar. As contas são opcionais: elas guardam as conversas de cada pessoa em todos os aparelhos.",
  "welcome.peopleAccounts":
    "Só pessoas com conta podem perguntar. Adicione uma para cada pessoa; elas entram com o nome e a senha que você escolher aqui.",
  "welcome.peopleNobody": "Todo mundo precisa de uma conta, até para ler. Adicione uma para cada pessoa.",
  "welcome.personName": "Nome da pessoa",
  "welcome.personPassword": "Senha da pessoa (pelo menos 8 caracteres)",
  "welcome.addPerson": "Adicionar conta",
  "welcome.added": "{name} já pode entrar.",
  "welcome.accounts": "Contas: {names}",
  "welcome.changeAccess": "Mudar quem pode perguntar",
  "welcome.books": "Adicionar livros",
  "welcome.booksBody":
    "Copie arquivos EPUB, PDF, Markdown, de texto ou ZIM para a pasta da biblioteca, <code>{dir}</code>, ou envie-os pela página Biblioteca.",
  "welcome.booksCount":
    "{count, plural, =0 {A biblioteca ainda está vazia.} one {A biblioteca tem # livro.} many {A biblioteca tem # de livros.} other {A biblioteca tem # livros.}}",
  "welcome.openLibrary": "Abrir a biblioteca",
  "welcome.model": "Adicionar um modelo (opcional)",
  "welcome.modelBody":
    "Sem um modelo, o Almanac responde com trechos citados dos livros. Para respostas escritas, copie um arquivo GGUF para <code>{dir}</code> ou execute <code>{command}</code>; a página Status mostra o que está carregado.",
  "welcome.openStatus": "Abrir Status",
  "welcome.start": "Começar a perguntar",
  "settings.access": "Visitantes sem conta podem",
  "settings.accessNone": "nada: é preciso entrar para tudo",
  "settings.accessReader": "ler e buscar",
  "settings.accessUser": "ler, buscar e perguntar",
  "settings.accessAdmin": "fazer tudo, como administrador",
  "speech.read": "Ler em voz alta",
  "speech.pause": "Pausar",
  "speech.resume": "Continuar",
  "speech.stop": "Parar",
  "nav.menu": "Menu",
  "acct.copy": "Copiar",
  "acct.copied": "Copiado",
  "acct.useKeyAt":
    "Use como <code>{header}</code> ou como chave de API de qualquer cliente OpenAI com a URL base <code>{url}</code>.",
  "status.addModelHint":
    "Copie um arquivo .gguf para <code>{dir}</code>, envie um abaixo ou execute <code>{command}</code> (predefinições: {presets}).",
  "status.speechServer":
    "Respostas faladas para aparelhos sem vozes (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {desligadas; instale o espeak-ng para ligá-las}}",
  "lib.ready": "“{title}” está indexado.",
  "lib.openBook": "Abrir",
  "style.research": "Pesquisa",
  "msg.researchStep": "Busca “{query}”: {found, plural, =0 {nada novo} one {# trecho novo} other {# trechos novos}}",
  "msg.researchRead":
    "Leitura a partir de {passage}: {found, plural, =0 {nada mais} one {mais # trecho} other {mais # trechos}}",
};
