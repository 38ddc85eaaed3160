import type { DetectedLanguage } from "../ingest/language.js";

/** The fixed phrases of an extractive answer and of a refusal, in one language. */
export interface AnswerPhrases {
  /** The line before the quoted passages. */
  fromLibrary: string;
  /** The refusal's first sentence. */
  nothing: string;
  /** The refusal's advice when the library is indexed. */
  tryOther: string;
  /** The refusal's advice while indexing runs: `{done}` and `{total}` are file counts. */
  stillIndexing: string;
}

/** The phrases by ISO 639-1 code; English is the fallback. */
const PHRASES: Record<string, AnswerPhrases> = {
  en: {
    fromLibrary: "From the library:",
    nothing: "The library has nothing on this.",
    tryOther: "Try other words, or add a book that covers it.",
    stillIndexing: "The library is still being indexed ({done} of {total} files done), so ask again when it finishes.",
  },
  es: {
    fromLibrary: "De la biblioteca:",
    nothing: "La biblioteca no tiene nada sobre esto.",
    tryOther: "Pruebe con otras palabras o añada un libro que trate el tema.",
    stillIndexing:
      "La biblioteca todavía se está indexando ({done} de {total} archivos listos); vuelva a preguntar cuando termine.",
  },
  fr: {
    fromLibrary: "Dans la bibliothèque :",
    nothing: "La bibliothèque n’a rien à ce sujet.",
    tryOther: "Essayez d’autres mots, ou ajoutez un livre qui traite du sujet.",
    stillIndexing:
      "La bibliothèque est encore en cours d’indexation ({done} fichiers sur {total}) ; reposez la question une fois terminé.",
  },
  pt: {
    fromLibrary: "Da biblioteca:",
    nothing: "A biblioteca não tem nada sobre isso.",
    tryOther: "Tente outras palavras ou adicione um livro que trate do assunto.",
    stillIndexing:
      "A biblioteca ainda está sendo indexada ({done} de {total} arquivos prontos); pergunte de novo quando terminar.",
  },
  de: {
    fromLibrary: "Aus der Bibliothek:",
    nothing: "Die Bibliothek enthält nichts dazu.",
    tryOther: "Versuchen Sie andere Wörter oder fügen Sie ein Buch zum Thema hinzu.",
    stillIndexing:
      "Die Bibliothek wird noch indexiert ({done} von {total} Dateien fertig); fragen Sie erneut, wenn sie fertig ist.",
  },
  ru: {
    fromLibrary: "Из библиотеки:",
    nothing: "В библиотеке нет ничего об этом.",
    tryOther: "Попробуйте другие слова или добавьте книгу на эту тему.",
    stillIndexing:
      "Библиотека ещё индексируется (готово файлов: {done} из {total}); спросите снова, когда индексация закончится.",
  },
  uk: {
    fromLibrary: "З бібліотеки:",
    nothing: "У бібліотеці немає нічого про це.",
    tryOther: "Спробуйте інші слова або додайте книжку на цю тему.",
    stillIndexing:
      "Бібліотека ще індексується (готово файлів: {done} з {total}); запитайте знову, коли індексування завершиться.",
  },
  ar: {
    fromLibrary: "من المكتبة:",
    nothing: "لا يوجد في المكتبة شيء عن هذا.",
    tryOther: "جرّب كلمات أخرى، أو أضف كتابًا يتناول الموضوع.",
    stillIndexing: "لا تزال المكتبة قيد الفهرسة (اكتمل {done} من {total} ملفًا)، فاسأل مجددًا عند انتهائها.",
  },
  hi: {
    fromLibrary: "पुस्तकालय से:",
    nothing: "पुस्तकालय में इसके बारे में कुछ नहीं है।",
    tryOther: "दूसरे शब्द आज़माएँ, या इस विषय की कोई किताब जोड़ें।",
    stillIndexing: "पुस्तकालय की अनुक्रमणिका अभी बन रही है ({total} में से {done} फ़ाइलें पूरी); पूरा होने पर फिर से पूछें।",
  },
  zh: {
    fromLibrary: "来自书库：",
    nothing: "书库中没有与此相关的内容。",
    tryOther: "请换个说法，或添加一本涉及该主题的书。",
    stillIndexing: "书库仍在建立索引（已完成 {done}/{total} 个文件），请在完成后再问。",
  },
  ja: {
    fromLibrary: "ライブラリより：",
    nothing: "ライブラリにはこれに関する情報がありません。",
    tryOther: "別の言葉で試すか、この話題を扱う本を追加してください。",
    stillIndexing:
      "ライブラリはまだ索引を作成中です（{total} ファイル中 {done} 件完了）。完了後にもう一度お尋ねください。",
  },
  sw: {
    fromLibrary: "Kutoka maktaba:",
    nothing: "Maktaba haina chochote kuhusu hili.",
    tryOther: "Jaribu maneno mengine, au ongeza kitabu kinachohusu jambo hili.",
    stillIndexing: "Maktaba bado inaorodheshwa (faili {done} kati ya {total} zimekamilika); uliza tena ikikamilika.",
  },
};

/** The English phrases, the fallback. */
export const ENGLISH_PHRASES = PHRASES.en as AnswerPhrases;

/**
 * An unreliable detection ({@link DetectedLanguage.reliable}) below this confidence (tinyld's `accuracy`,
 * 0–1) keeps English: short English questions score low.
 */
const MIN_ACCURACY = 0.5;

/**
 * The phrases in the language of the question (detected once, in
 * `analyseQuestion`), for the languages of the web app; English for an
 * English question, an unsure detection among all languages, or another language.
 */
export function phrasesFor(language: DetectedLanguage): AnswerPhrases {
  const lang = language.reliable || language.accuracy >= MIN_ACCURACY ? language.code : "en";
  return PHRASES[lang] ?? ENGLISH_PHRASES;
}
