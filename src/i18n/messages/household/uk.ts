// The household's Ukrainian messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Ukrainian catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Ukrainian messages. */
export const ukHousehold: HouseholdCatalog = {
  "setup.whoAsks": "Хто може ставити запитання?",
  "setup.askAccounts": "Люди з обліковим записом (решта може читати й шукати)",
  "setup.askAnyone": "Будь-хто в цій мережі (домашня мережа, якій ви довіряєте)",
  "setup.askNobody": "Ніхто без облікового запису, навіть для читання",
  "setup.askHint": "Це можна змінити пізніше в налаштуваннях.",
  "welcome.title": "Almanac готовий",
  "welcome.intro":
    "Almanac уже відповідає за книгами з теки бібліотеки. Нижче — наступні кроки; кожен із них може зачекати.",
  "welcome.people": "Запросіть родину",
  "welcome.peopleAnyone":
    "Запитувати може будь-хто в цій мережі. Облікові записи необов’язкові: з ними розмови людини доступні на кожному пристрої.",
  "welcome.peopleAccounts":
    "Запитувати можуть лише люди з обліковим записом. Додайте запис для кожного; вони входять з ім’ям і паролем, які ви задасте тут.",
  "welcome.peopleNobody": "Обліковий запис потрібен усім, навіть для читання. Додайте запис для кожного.",
  "welcome.personName": "Ім’я людини",
  "welcome.personPassword": "Пароль для цієї людини (щонайменше 8 символів)",
  "welcome.addPerson": "Додати обліковий запис",
  "welcome.added": "{name} тепер може увійти.",
  "welcome.accounts": "Облікові записи: {names}",
  "welcome.changeAccess": "Змінити, хто може запитувати",
  "welcome.books": "Додайте книги",
  "welcome.booksBody":
    "Скопіюйте файли EPUB, PDF, Markdown, текстові файли чи архіви ZIM до теки бібліотеки, <code>{dir}</code>, або завантажте їх на сторінці бібліотеки.",
  "welcome.booksCount":
    "{count, plural, =0 {Бібліотека поки порожня.} one {У бібліотеці # книга.} few {У бібліотеці # книги.} many {У бібліотеці # книг.} other {У бібліотеці # книги.}}",
  "welcome.openLibrary": "Відкрити бібліотеку",
  "welcome.model": "Додайте модель (необов’язково)",
  "welcome.modelBody":
    "Без моделі Almanac відповідає цитатами з книг. Щоб отримувати розгорнуті відповіді, скопіюйте файл GGUF до <code>{dir}</code> або виконайте <code>{command}</code>; на сторінці «Стан» видно, що завантажено.",
  "welcome.openStatus": "Відкрити «Стан»",
  "welcome.start": "Перейти до запитань",
  "settings.access": "Відвідувачі без облікового запису можуть",
  "settings.accessNone": "нічого: для всього потрібен вхід",
  "settings.accessReader": "читати й шукати",
  "settings.accessUser": "читати, шукати й запитувати",
  "settings.accessAdmin": "робити все, як адміністратор",
  "speech.read": "Прочитати вголос",
  "speech.pause": "Пауза",
  "speech.resume": "Продовжити",
  "speech.stop": "Зупинити",
  "nav.menu": "Меню",
  "acct.copy": "Копіювати",
  "acct.copied": "Скопійовано",
  "acct.useKeyAt":
    "Використовуйте його як <code>{header}</code> або як API-ключ будь-якого клієнта OpenAI з базовою URL-адресою <code>{url}</code>.",
  "status.addModelHint":
    "Скопіюйте файл .gguf до <code>{dir}</code>, завантажте його нижче або виконайте <code>{command}</code> (пресети: {presets}).",
  "status.speechServer":
    "Відповіді голосом для пристроїв без синтезу мовлення (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {вимкнено; установіть espeak-ng, щоб увімкнути}}",
  "lib.ready": "«{title}»: індексування завершено.",
  "lib.openBook": "Відкрити",
  "style.research": "Дослідження",
  "msg.researchStep":
    "Пошук «{query}»: {found, plural, =0 {нічого нового} one {# новий уривок} few {# нові уривки} many {# нових уривків} other {# нового уривка}}",
  "msg.researchRead":
    "Дочитано після {passage}: {found, plural, =0 {більше нічого} one {ще # уривок} few {ще # уривки} many {ще # уривків} other {ще # уривка}}",
};
