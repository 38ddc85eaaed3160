// The household's Hindi messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Hindi catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Hindi messages. */
export const hiHousehold: HouseholdCatalog = {
  "setup.whoAsks": "प्रश्न कौन पूछ सकता है?",
  "setup.askAccounts": "जिनका खाता है (बाकी सभी पढ़ और खोज सकते हैं)",
  "setup.askAnyone": "इस नेटवर्क पर कोई भी (ऐसा घरेलू नेटवर्क जिस पर आप भरोसा करते हैं)",
  "setup.askNobody": "बिना खाते के कोई नहीं, पढ़ने के लिए भी नहीं",
  "setup.askHint": "आप इसे बाद में सेटिंग्स में बदल सकते हैं।",
  "welcome.title": "Almanac तैयार है",
  "welcome.intro":
    "Almanac अपने पुस्तकालय फ़ोल्डर की किताबों से अभी से उत्तर देता है। आगे के कदम ये हैं; इनमें से कोई भी बाद में किया जा सकता है।",
  "welcome.people": "घर के लोगों को आमंत्रित करें",
  "welcome.peopleAnyone": "इस नेटवर्क पर कोई भी पूछ सकता है। खाते वैकल्पिक हैं: इनसे हर व्यक्ति की बातचीत हर डिवाइस पर बनी रहती है।",
  "welcome.peopleAccounts":
    "सिर्फ़ खाते वाले लोग पूछ सकते हैं। हर व्यक्ति के लिए एक खाता जोड़ें; वे उसी नाम और पासवर्ड से साइन इन करते हैं जो आप यहाँ चुनते हैं।",
  "welcome.peopleNobody": "हर किसी को खाता चाहिए, पढ़ने के लिए भी। हर व्यक्ति के लिए एक खाता जोड़ें।",
  "welcome.personName": "उनका नाम",
  "welcome.personPassword": "उनका पासवर्ड (कम से कम 8 अक्षर)",
  "welcome.addPerson": "खाता जोड़ें",
  "welcome.added": "{name} अब साइन इन कर सकता है।",
  "welcome.accounts": "खाते: {names}",
  "welcome.changeAccess": "बदलें कि कौन पूछ सकता है",
  "welcome.books": "किताबें जोड़ें",
  "welcome.booksBody":
    "EPUB, PDF, Markdown, टेक्स्ट या ZIM फ़ाइलें पुस्तकालय फ़ोल्डर <code>{dir}</code> में कॉपी करें, या उन्हें पुस्तकालय पेज पर अपलोड करें।",
  "welcome.booksCount":
    "{count, plural, =0 {पुस्तकालय अभी खाली है।} one {पुस्तकालय में # किताब है।} other {पुस्तकालय में # किताबें हैं।}}",
  "welcome.openLibrary": "पुस्तकालय खोलें",
  "welcome.model": "मॉडल जोड़ें (वैकल्पिक)",
  "welcome.modelBody":
    "मॉडल के बिना, Almanac किताबों से उद्धृत अंशों से उत्तर देता है। लिखे हुए उत्तरों के लिए, कोई GGUF फ़ाइल <code>{dir}</code> में कॉपी करें या <code>{command}</code> चलाएँ; स्थिति पेज दिखाता है कि क्या लोड है।",
  "welcome.openStatus": "स्थिति खोलें",
  "welcome.start": "पूछना शुरू करें",
  "settings.access": "बिना खाते वाले आगंतुक क्या कर सकते हैं",
  "settings.accessNone": "कुछ नहीं: हर चीज़ के लिए साइन इन करना होगा",
  "settings.accessReader": "पढ़ना और खोजना",
  "settings.accessUser": "पढ़ना, खोजना और पूछना",
  "settings.accessAdmin": "सब कुछ, एडमिन की तरह",
  "speech.read": "पढ़कर सुनाएँ",
  "speech.pause": "पॉज़ करें",
  "speech.resume": "जारी रखें",
  "speech.stop": "रोकें",
  "nav.menu": "मेन्यू",
  "acct.copy": "कॉपी करें",
  "acct.copied": "कॉपी हो गया",
  "acct.useKeyAt":
    "इसे <code>{header}</code> के रूप में, या बेस URL <code>{url}</code> के साथ किसी भी OpenAI क्लाइंट की API कुंजी के रूप में इस्तेमाल करें।",
  "status.addModelHint":
    "कोई .gguf फ़ाइल <code>{dir}</code> में कॉपी करें, नीचे एक अपलोड करें, या <code>{command}</code> चलाएँ (प्रीसेट: {presets})।",
  "status.speechServer":
    "बिना आवाज़ वाले डिवाइसों के लिए बोले गए उत्तर (POST /v1/audio/speech): {available, select, yes {espeak-ng} other {बंद; इन्हें चालू करने के लिए espeak-ng इंस्टॉल करें}}",
  "lib.ready": "“{title}” इंडेक्स हो गई है।",
  "lib.openBook": "इसे खोलें",
  "style.research": "शोध",
  "msg.researchStep": "“{query}” खोजा: {found, plural, =0 {कुछ नया नहीं} one {# नया अंश} other {# नए अंश}}",
  "msg.researchRead": "{passage} से आगे पढ़ा: {found, plural, =0 {और कुछ नहीं} one {# और अंश} other {# और अंश}}",
};
