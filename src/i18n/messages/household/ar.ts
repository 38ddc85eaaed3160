// The household's Arabic messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Arabic catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Arabic messages. */
export const arHousehold: HouseholdCatalog = {
  "setup.whoAsks": "من يمكنه طرح الأسئلة؟",
  "setup.askAccounts": "أصحاب الحسابات (ويمكن لغيرهم القراءة والبحث)",
  "setup.askAnyone": "أي شخص على هذه الشبكة (شبكة منزلية تثق بها)",
  "setup.askNobody": "لا أحد دون حساب، ولا حتى للقراءة",
  "setup.askHint": "يمكنك تغيير ذلك لاحقًا في الإعدادات.",
  "welcome.title": "Almanac جاهز",
  "welcome.intro":
    "يجيب Almanac من الآن من الكتب الموجودة في مجلد مكتبته. هذه هي الخطوات التالية، ويمكن تأجيل كل منها.",
  "welcome.people": "ادعُ أفراد الأسرة",
  "welcome.peopleAnyone":
    "يمكن لأي شخص على هذه الشبكة أن يسأل. الحسابات اختيارية: فهي تحفظ محادثات كل شخص على كل أجهزته.",
  "welcome.peopleAccounts":
    "لا يسأل إلا أصحاب الحسابات. أضف حسابًا لكل شخص؛ ويسجّل الدخول بالاسم وكلمة المرور اللذين تختارهما هنا.",
  "welcome.peopleNobody": "يحتاج الجميع إلى حساب، حتى للقراءة. أضف حسابًا لكل شخص.",
  "welcome.personName": "اسم الشخص",
  "welcome.personPassword": "كلمة مرور الشخص (8 أحرف على الأقل)",
  "welcome.addPerson": "إضافة حساب",
  "welcome.added": "يمكن لـ {name} الآن تسجيل الدخول.",
  "welcome.accounts": "الحسابات: {names}",
  "welcome.changeAccess": "تغيير من يمكنه السؤال",
  "welcome.books": "أضف كتبًا",
  "welcome.booksBody":
    "انسخ ملفات EPUB أو PDF أو Markdown أو النصوص أو ZIM إلى مجلد المكتبة، <code>{dir}</code>، أو ارفعها من صفحة المكتبة.",
  "welcome.booksCount":
    "{count, plural, =0 {المكتبة فارغة حتى الآن.} zero {المكتبة فارغة حتى الآن.} one {في المكتبة كتاب واحد.} two {في المكتبة كتابان.} few {في المكتبة # كتب.} many {في المكتبة # كتابًا.} other {في المكتبة # كتاب.}}",
  "welcome.openLibrary": "افتح المكتبة",
  "welcome.model": "أضف نموذجًا (اختياري)",
  "welcome.modelBody":
    "دون نموذج، يجيب Almanac بمقاطع مقتبسة من الكتب. وللحصول على إجابات مكتوبة، انسخ ملف GGUF إلى <code>{dir}</code> أو شغّل <code>{command}</code>؛ وتعرض صفحة الحالة ما هو محمّل.",
  "welcome.openStatus": "افتح صفحة الحالة",
  "welcome.start": "ابدأ بالسؤال",
  "settings.access": "يمكن للزوار الذين لا حساب لهم",
  "settings.accessNone": "لا شيء: يلزم تسجيل الدخول لكل شيء",
  "settings.accessReader": "القراءة والبحث",
  "settings.accessUser": "القراءة والبحث والسؤال",
  "settings.accessAdmin": "فعل كل شيء، كالمسؤول",
  "speech.read": "اقرأ بصوت عالٍ",
  "speech.pause": "إيقاف مؤقت",
  "speech.resume": "استئناف",
  "speech.stop": "إيقاف",
  "nav.menu": "القائمة",
  "acct.copy": "نسخ",
  "acct.copied": "تم النسخ",
  "acct.useKeyAt":
    "استخدمه بصيغة <code>{header}</code>، أو مفتاحًا لأي عميل OpenAI بعنوان URL الأساسي <code>{url}</code>.",
  "status.addModelHint":
    "انسخ ملف ‎.gguf إلى <code>{dir}</code>، أو ارفع ملفًا أدناه، أو شغّل <code>{command}</code> (الإعدادات الجاهزة: {presets}).",
  "status.speechServer":
    "إجابات منطوقة للأجهزة التي لا أصوات فيها (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {معطّلة؛ ثبّت espeak-ng لتفعيلها}}",
  "lib.ready": "فُهرس «{title}».",
  "lib.openBook": "افتحه",
  "style.research": "بحث معمّق",
  "msg.researchStep":
    "بحث عن «{query}»: {found, plural, =0 {لا جديد} one {مقطع جديد واحد} two {مقطعان جديدان} few {# مقاطع جديدة} many {# مقطعًا جديدًا} other {# مقطع جديد}}",
  "msg.researchRead":
    "تابع القراءة بعد {passage}: {found, plural, =0 {لا شيء آخر} one {مقطع آخر واحد} two {مقطعان آخران} few {# مقاطع أخرى} many {# مقطعًا آخر} other {# مقطع آخر}}",
};
