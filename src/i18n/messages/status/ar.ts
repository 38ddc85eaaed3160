// The status page's Arabic messages (models, compute, the library's counts), spread into the Arabic catalog.
import type { StatusCatalog } from "../../catalog.js";

/** The status page's Arabic messages. */
export const arStatus: StatusCatalog = {
  "format.epub": "EPUB",
  "format.pdf": "PDF",
  "format.html": "صفحات ويب",
  "format.zim": "أرشيفات ZIM",
  "format.media": "فيديو وصوت",
  "format.markdown": "Markdown",
  "format.text": "نص",
  "model.chat": "المحادثة",
  "model.embedding": "التضمين",
  "model.reranker": "إعادة الترتيب",
  "status.title": "الحالة",
  "status.address": "افتح Almanac على جهاز آخر",
  "status.addressHint": "على هاتف أو حاسوب في الشبكة نفسها، افتح هذا العنوان أو امسح الرمز.",
  "status.qrLabel": "رمز QR للعنوان {url}",
  "status.meta": "Almanac {version} · يعمل منذ {uptime} · <json>JSON</json>",
  "status.answersHeading": "الإجابات والبحث",
  "status.answersRag": "الإجابات: يكتبها نموذج المحادثة، مع الاستشهادات",
  "status.answersExtractive": "الإجابات: مقتطفات (بلا نموذج محادثة)",
  "status.search":
    "البحث: {mode, select, bm25 {بالكلمات (BM25)} vector {بالمعنى (المتجهات)} hybrid {بالكلمات والمعنى (هجين)} rerank {بالكلمات والمعنى، مع إعادة الترتيب} other {{mode}}}",
  "status.remoteUnused": "المولّد البعيد {url} غير مستخدم: {reason}",
  "status.compute": "الحوسبة: {backend}",
  "status.threads":
    "{threads, plural, zero {# خيط} one {خيط واحد} two {خيطان} few {# خيوط} many {# خيطًا} other {# خيط}}",
  "status.embeddingLayout":
    "التضمين على {contexts, plural, zero {# سياق} one {سياق واحد} two {سياقين} few {# سياقات} many {# سياقًا} other {# سياق}} × {threads, plural, zero {# خيط} one {خيط واحد} two {خيطين} few {# خيوط} many {# خيطًا} other {# خيط}}",
  "status.machine":
    "الجهاز: {cpu}، {cores, plural, zero {# نواة} one {نواة واحدة} two {نواتان} few {# أنوية} many {# نواة} other {# نواة}}",
  "status.noAvx2": "بلا AVX2",
  "status.memory": "{free} من {total} من الذاكرة متاحة",
  "status.models": "النماذج",
  "status.switched": "تأتي الإجابات الآن من {model}. الإجابات التي كانت قيد الكتابة اكتملت على النموذج السابق.",
  "status.unloadedChat":
    "أُلغي تحميل {model}: تقتبس الإجابات من المكتبة (مقتطفات) حتى يُختار نموذج من جديد أو حتى التشغيل التالي.",
  "status.unloadedReranker":
    "أُلغي تحميل {model}: لم تعد نتائج البحث يُعاد ترتيبها حتى يُختار نموذج من جديد أو حتى التشغيل التالي.",
  "status.reranker": "يعيد {model} الآن ترتيب نتائج البحث.",
  "status.uploaded":
    "أصبح {file} في مجلد النماذج. يمكن استخدام نموذج محادثة الآن عبر «{use}»؛ وتُحمَّل الأدوار الأخرى عند التشغيل التالي.",
  "status.switchFailed": "فشل تبديل نموذج التضمين إلى {model}: {error}. ما زال النموذج السابق يخدم البحث.",
  "status.switchDone": "يستخدم البحث الآن {model}: أُعيد تضمين {count, number} مقطع.",
  "status.switchProgress": "إعادة تضمين المكتبة لـ {model}: {done, number} من {total, number} مقطع",
  "status.switchNote": "يواصل البحث استخدام النموذج السابق حتى يكتمل ذلك؛ والكتب الجديدة تنتظر.",
  "status.switchBar": "تقدّم إعادة التضمين",
  "status.noModels":
    "لا توجد نماذج: انسخ ملفات GGUF إلى مجلد النماذج وأعد التشغيل (يمكن استخدام نموذج محادثة فورًا). البحث والإجابات المقتطفة يعملان بدونها.",
  "status.noModelsAdmin":
    "لا توجد نماذج: انسخ ملفات GGUF إلى مجلد النماذج، أو ارفع واحدًا أدناه، وأعد التشغيل (يمكن استخدام نموذج محادثة فورًا). البحث والإجابات المقتطفة يعملان بدونها.",
  "status.model": "النموذج",
  "status.role": "الدور",
  "status.state": "الحالة",
  "status.speed": "السرعة (مؤخرًا)",
  "status.remoteAt": "مولّد بعيد على {url}",
  "status.modelFacts": "{architecture} · {parameters} معامل · {quantization} · {size}",
  "status.loaded": "محمّل",
  "status.notLoaded": "غير محمّل",
  "status.loadFailed": "فشل: {error}",
  "status.unload": "إلغاء التحميل",
  "status.useChat": "استخدامه للمحادثة",
  "status.useEmbedding": "استخدامه للتضمين",
  "status.useReranker": "استخدامه لإعادة الترتيب",
  "status.atATime": "{n, number} في آن واحد",
  "status.firstToken": "أول رمز p50 {p50, number} ملّي ثانية، p95 {p95, number} ملّي ثانية",
  "status.tokensPerS": "{p50, number} رمز/ثانية (p95 {p95, number})",
  "status.answerCount":
    "{count, plural, zero {لا إجابات} one {إجابة واحدة} two {إجابتان} few {# إجابات} many {# إجابة} other {# إجابة}}",
  "status.addModel": "إضافة نموذج GGUF",
  "status.addModelNote":
    "يُكتب مباشرة في مجلد النماذج ويُفحص (ترويسة GGUF) قبل أن يظهر في القائمة؛ الملفات الكبيرة تستغرق وقتًا عبر Wi-Fi.",
  "status.uploadModel": "رفع النموذج",
  "status.notSwitched": "لم يُبدَّل النموذج",
  "status.notUnloaded": "لم يُلغَ تحميل النموذج",
  "status.notAdded": "لم يُضف النموذج",
  "status.library": "المكتبة",
  "status.folderAvailable": "المجلد: {path} — متاح",
  "status.folderUnavailable": "المجلد: {path} — غير متاح: {reason}",
  "status.indexingPaused": "الفهرسة: {reason}",
  "status.rebuilding":
    "يُعاد بناء الفهرس بجوار القديم ({from} ← {to}): {done, number} من {total, number} مستند؛ يستخدم البحث الفهرس القديم حتى التبديل",
  "status.documents":
    "المستندات: {indexed, number} مفهرس · {queued, number} في الانتظار · {indexing, number} قيد الفهرسة · {failed, number} فشل · {skipped, number} متخطى",
  "status.formats": "الصيغ: {list}",
  "status.formatCount": "{name}: {count, number}",
  "status.chunks": "المقاطع: {count, number}",
  "status.indexingReembed": "الفهرسة: متوقفة مؤقتًا أثناء إعادة تضمين المكتبة ({queued, number} في الانتظار)",
  "status.indexingBusy": "الفهرسة: {file} ({queued, number} في الانتظار)",
  "status.indexingIdle": "الفهرسة: خاملة",
  "status.disk": "المساحة التي يشغلها الفهرس: {size}",
  "status.attention": "ملفات تحتاج إلى انتباه ({count, number})",
  "status.failure": "{path} ({state}): {error}",
  "status.warned": "فُهرس مع تحذير",
};
