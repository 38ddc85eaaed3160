// The household's Japanese messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Japanese catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Japanese messages. */
export const jaHousehold: HouseholdCatalog = {
  "setup.whoAsks": "誰が質問できますか？",
  "setup.askAccounts": "アカウントを持つ人（ほかの人は読む・検索することができます）",
  "setup.askAnyone": "このネットワーク上の誰でも（信頼できる家庭のネットワーク向け）",
  "setup.askNobody": "アカウントのない人は何もできません（読むこともできません）",
  "setup.askHint": "あとで設定から変更できます。",
  "welcome.title": "Almanac の準備ができました",
  "welcome.intro":
    "Almanac は、ライブラリのフォルダーにある本からすでに回答できます。次の手順はどれも後回しにできます。",
  "welcome.people": "家族を招待する",
  "welcome.peopleAnyone":
    "このネットワーク上の誰でも質問できます。アカウントは任意です。アカウントがあれば、その人の会話をどの端末でも見られます。",
  "welcome.peopleAccounts":
    "質問できるのはアカウントを持つ人だけです。一人ずつアカウントを追加してください。ここで決めた名前とパスワードでログインします。",
  "welcome.peopleNobody": "読むだけでも全員にアカウントが必要です。一人ずつアカウントを追加してください。",
  "welcome.personName": "その人の名前",
  "welcome.personPassword": "その人のパスワード（8 文字以上）",
  "welcome.addPerson": "アカウントを追加",
  "welcome.added": "{name} がログインできるようになりました。",
  "welcome.accounts": "アカウント：{names}",
  "welcome.changeAccess": "質問できる人を変更",
  "welcome.books": "本を追加する",
  "welcome.booksBody":
    "EPUB、PDF、Markdown、テキスト、ZIM のファイルをライブラリのフォルダー <code>{dir}</code> にコピーするか、ライブラリのページからアップロードしてください。",
  "welcome.booksCount": "{count, plural, =0 {ライブラリはまだ空です。} other {ライブラリには # 冊の本があります。}}",
  "welcome.openLibrary": "ライブラリを開く",
  "welcome.model": "モデルを追加する（任意）",
  "welcome.modelBody":
    "モデルがない場合、Almanac は本から引用した文章で回答します。モデルが書いた回答を得るには、GGUF ファイルを <code>{dir}</code> にコピーするか、<code>{command}</code> を実行してください。読み込まれているものは状態ページで確認できます。",
  "welcome.openStatus": "状態ページを開く",
  "welcome.start": "質問を始める",
  "settings.access": "アカウントのない訪問者ができること：",
  "settings.accessNone": "なし（すべてにログインが必要）",
  "settings.accessReader": "読む・検索する",
  "settings.accessUser": "読む・検索する・質問する",
  "settings.accessAdmin": "管理者としてすべての操作",
  "speech.read": "読み上げ",
  "speech.pause": "一時停止",
  "speech.resume": "再開",
  "speech.stop": "停止",
  "nav.menu": "メニュー",
  "acct.copy": "コピー",
  "acct.copied": "コピーしました",
  "acct.useKeyAt":
    "<code>{header}</code> として使うか、ベース URL <code>{url}</code> を指定した OpenAI クライアントの API キーとして使います。",
  "status.addModelHint":
    ".gguf ファイルを <code>{dir}</code> にコピーするか、下からアップロードするか、<code>{command}</code> を実行してください（プリセット：{presets}）。",
  "status.speechServer":
    "音声のない端末向けの読み上げ回答（POST /v1/audio/speech）：{available, select, yes {espeak-ng} other {オフ。espeak-ng をインストールすると有効になります}}",
  "lib.ready": "「{title}」の索引付けが済みました。",
  "lib.openBook": "開く",
  "style.research": "リサーチ",
  "msg.researchStep": "「{query}」を検索：{found, plural, =0 {新しいものなし} other {新しい箇所 # 件}}",
  "msg.researchRead": "{passage} の続きを読む：{found, plural, =0 {続きなし} other {さらに # 件}}",
};
