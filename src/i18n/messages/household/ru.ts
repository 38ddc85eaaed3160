// The household's Russian messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Russian catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Russian messages. */
export const ruHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Кто может задавать вопросы?",
  "setup.askAccounts": "Люди с учётной записью (остальные могут читать и искать)",
  "setup.askAnyone": "Все в этой сети (домашняя сеть, которой вы доверяете)",
  "setup.askNobody": "Никто без учётной записи, даже для чтения",
  "setup.askHint": "Это можно изменить позже в настройках.",
  "welcome.title": "Almanac готов",
  "welcome.intro":
    "Almanac уже отвечает по книгам из папки библиотеки. Ниже — следующие шаги; любой из них может подождать.",
  "welcome.people": "Пригласите семью",
  "welcome.peopleAnyone":
    "Спрашивать может любой в этой сети. Учётные записи необязательны: с ними беседы человека доступны на любом устройстве.",
  "welcome.peopleAccounts":
    "Спрашивать могут только люди с учётной записью. Добавьте запись для каждого; они входят с именем и паролем, которые вы зададите здесь.",
  "welcome.peopleNobody": "Учётная запись нужна всем, даже для чтения. Добавьте запись для каждого.",
  "welcome.personName": "Имя человека",
  "welcome.personPassword": "Пароль для этого человека (не короче 8 символов)",
  "welcome.addPerson": "Добавить учётную запись",
  "welcome.added": "{name} теперь может войти.",
  "welcome.accounts": "Учётные записи: {names}",
  "welcome.changeAccess": "Изменить, кто может спрашивать",
  "welcome.books": "Добавьте книги",
  "welcome.booksBody":
    "Скопируйте файлы EPUB, PDF, Markdown, текстовые файлы или архивы ZIM в папку библиотеки, <code>{dir}</code>, или загрузите их на странице библиотеки.",
  "welcome.booksCount":
    "{count, plural, =0 {Библиотека пока пуста.} one {В библиотеке # книга.} few {В библиотеке # книги.} many {В библиотеке # книг.} other {В библиотеке # книги.}}",
  "welcome.openLibrary": "Открыть библиотеку",
  "welcome.model": "Добавьте модель (необязательно)",
  "welcome.modelBody":
    "Без модели Almanac отвечает цитатами из книг. Чтобы получать развёрнутые ответы, скопируйте файл GGUF в <code>{dir}</code> или выполните <code>{command}</code>; на странице «Состояние» видно, что загружено.",
  "welcome.openStatus": "Открыть «Состояние»",
  "welcome.start": "Перейти к вопросам",
  "settings.access": "Посетители без учётной записи могут",
  "settings.accessNone": "ничего: для всего нужен вход",
  "settings.accessReader": "читать и искать",
  "settings.accessUser": "читать, искать и спрашивать",
  "settings.accessAdmin": "делать всё, как администратор",
  "speech.read": "Прочитать вслух",
  "speech.pause": "Пауза",
  "speech.resume": "Продолжить",
  "speech.stop": "Остановить",
  "nav.menu": "Меню",
  "acct.copy": "Копировать",
  "acct.copied": "Скопировано",
  "acct.useKeyAt":
    "Используйте его как <code>{header}</code> или как API-ключ любого клиента OpenAI с базовым URL <code>{url}</code>.",
  "status.addModelHint":
    "Скопируйте файл .gguf в <code>{dir}</code>, загрузите его ниже или выполните <code>{command}</code> (пресеты: {presets}).",
  "status.speechServer":
    "Ответы голосом для устройств без синтеза речи (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {выключено; установите espeak-ng, чтобы включить}}",
  "lib.ready": "«{title}»: индексация завершена.",
  "lib.openBook": "Открыть",
  "style.research": "Исследование",
  "msg.researchStep":
    "Поиск «{query}»: {found, plural, =0 {ничего нового} one {# новый фрагмент} few {# новых фрагмента} many {# новых фрагментов} other {# новых фрагмента}}",
  "msg.researchRead":
    "Дочитано после {passage}: {found, plural, =0 {больше ничего} one {ещё # фрагмент} few {ещё # фрагмента} many {ещё # фрагментов} other {ещё # фрагмента}}",
};
