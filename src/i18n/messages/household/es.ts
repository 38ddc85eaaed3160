// The household's Spanish messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Spanish catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Spanish messages. */
export const esHousehold: HouseholdCatalog = {
  "setup.whoAsks": "¿Quién puede hacer preguntas?",
  "setup.askAccounts": "Las personas con cuenta (cualquier otra persona puede leer y buscar)",
  "setup.askAnyone": "Cualquiera en esta red (una red doméstica de confianza)",
  "setup.askNobody": "Nadie sin cuenta, ni siquiera para leer",
  "setup.askHint": "Puedes cambiarlo más adelante en Ajustes.",
  "welcome.title": "Almanac está listo",
  "welcome.intro":
    "Almanac ya responde con los libros de su carpeta de la biblioteca. Estos son los siguientes pasos; cada uno puede esperar.",
  "welcome.people": "Invitar al resto de la casa",
  "welcome.peopleAnyone":
    "Cualquiera en esta red puede preguntar. Las cuentas son opcionales: conservan las conversaciones de cada persona en todos sus dispositivos.",
  "welcome.peopleAccounts":
    "Solo las personas con cuenta pueden preguntar. Añade una para cada persona; inician sesión con el nombre y la contraseña que elijas aquí.",
  "welcome.peopleNobody": "Todo el mundo necesita una cuenta, incluso para leer. Añade una para cada persona.",
  "welcome.personName": "Su nombre",
  "welcome.personPassword": "Su contraseña (al menos 8 caracteres)",
  "welcome.addPerson": "Añadir cuenta",
  "welcome.added": "{name} ya puede iniciar sesión.",
  "welcome.accounts": "Cuentas: {names}",
  "welcome.changeAccess": "Cambiar quién puede preguntar",
  "welcome.books": "Añadir libros",
  "welcome.booksBody":
    "Copia archivos EPUB, PDF, Markdown, de texto o ZIM en la carpeta de la biblioteca, <code>{dir}</code>, o súbelos en la página Biblioteca.",
  "welcome.booksCount":
    "{count, plural, =0 {La biblioteca todavía está vacía.} one {La biblioteca tiene # libro.} many {La biblioteca tiene # de libros.} other {La biblioteca tiene # libros.}}",
  "welcome.openLibrary": "Abrir la biblioteca",
  "welcome.model": "Añadir un modelo (opcional)",
  "welcome.modelBody":
    "Sin modelo, Almanac responde con pasajes citados de los libros. Para obtener respuestas redactadas, copia un archivo GGUF en <code>{dir}</code> o ejecuta <code>{command}</code>; la página Estado muestra lo que está cargado.",
  "welcome.openStatus": "Abrir Estado",
  "welcome.start": "Empezar a preguntar",
  "settings.access": "Los visitantes sin cuenta pueden",
  "settings.accessNone": "nada: hay que iniciar sesión para todo",
  "settings.accessReader": "leer y buscar",
  "settings.accessUser": "leer, buscar y preguntar",
  "settings.accessAdmin": "hacerlo todo, como administrador",
  "speech.read": "Leer en voz alta",
  "speech.pause": "Pausar",
  "speech.resume": "Reanudar",
  "speech.stop": "Detener",
  "nav.menu": "Menú",
  "acct.copy": "Copiar",
  "acct.copied": "Copiado",
  "acct.useKeyAt":
    "Úsala como <code>{header}</code>, o como clave de API de cualquier cliente de OpenAI con la URL base <code>{url}</code>.",
  "status.addModelHint":
    "Copia un archivo .gguf en <code>{dir}</code>, sube uno abajo o ejecuta <code>{command}</code> (preajustes: {presets}).",
  "status.speechServer":
    "Respuestas habladas para dispositivos sin voces (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {desactivadas; instala espeak-ng para activarlas}}",
  "lib.ready": "«{title}» está indexado.",
  "lib.openBook": "Abrirlo",
  "style.research": "Investigar",
  "msg.researchStep":
    "Búsqueda «{query}»: {found, plural, =0 {nada nuevo} one {# pasaje nuevo} other {# pasajes nuevos}}",
  "msg.researchRead":
    "Leído a continuación de {passage}: {found, plural, =0 {nada más} one {# pasaje más} other {# pasajes más}}",
};
