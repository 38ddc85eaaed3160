// The household's Chinese (Simplified) messages (setup's choices, the welcome page, read-aloud, the phone menu), spread into the Chinese (Simplified) catalog.
import type { HouseholdCatalog } from "../../catalog.js";

/** The household's Chinese (Simplified) messages. */
export const zhCNHousehold: HouseholdCatalog = {
  "setup.whoAsks": "谁可以提问？",
  "setup.askAccounts": "有账户的人（其他人可以阅读和搜索）",
  "setup.askAnyone": "此网络中的任何人（适用于你信任的家庭网络）",
  "setup.askNobody": "没有账户的人什么都不能用，连阅读也不行",
  "setup.askHint": "以后可以在设置中更改。",
  "welcome.title": "Almanac 已就绪",
  "welcome.intro": "Almanac 已经可以根据书库文件夹中的图书回答问题。以下是接下来的步骤，每一步都可以以后再做。",
  "welcome.people": "邀请家人",
  "welcome.peopleAnyone": "此网络中的任何人都可以提问。账户是可选的：有了账户，一个人的对话在每台设备上都能看到。",
  "welcome.peopleAccounts": "只有有账户的人才能提问。请为每个人添加一个账户；他们用你在这里设定的用户名和密码登录。",
  "welcome.peopleNobody": "每个人都需要账户，连阅读也一样。请为每个人添加一个账户。",
  "welcome.personName": "对方的用户名",
  "welcome.personPassword": "对方的密码（至少 8 个字符）",
  "welcome.addPerson": "添加账户",
  "welcome.added": "{name} 现在可以登录了。",
  "welcome.accounts": "账户：{names}",
  "welcome.changeAccess": "更改谁可以提问",
  "welcome.books": "添加图书",
  "welcome.booksBody": "把 EPUB、PDF、Markdown、文本或 ZIM 文件复制到书库文件夹 <code>{dir}</code>，或在书库页面上传。",
  "welcome.booksCount": "{count, plural, =0 {书库目前还是空的。} other {书库中有 # 本书。}}",
  "welcome.openLibrary": "打开书库",
  "welcome.model": "添加模型（可选）",
  "welcome.modelBody":
    "没有模型时，Almanac 用从书中摘录的段落来回答。如需由模型撰写的回答，请把 GGUF 文件复制到 <code>{dir}</code>，或运行 <code>{command}</code>；状态页面会显示已加载的内容。",
  "welcome.openStatus": "打开状态页面",
  "welcome.start": "开始提问",
  "settings.access": "没有账户的访客可以",
  "settings.accessNone": "什么都不能做：一切都需要登录",
  "settings.accessReader": "阅读和搜索",
  "settings.accessUser": "阅读、搜索和提问",
  "settings.accessAdmin": "以管理员身份做任何事",
  "speech.read": "朗读",
  "speech.pause": "暂停",
  "speech.resume": "继续",
  "speech.stop": "停止",
  "nav.menu": "菜单",
  "acct.copy": "复制",
  "acct.copied": "已复制",
  "acct.useKeyAt":
    "可作为 <code>{header}</code> 使用，也可作为任意 OpenAI 客户端的 API 密钥，基础 URL 为 <code>{url}</code>。",
  "status.addModelHint":
    "把 .gguf 文件复制到 <code>{dir}</code>，在下方上传，或运行 <code>{command}</code>（预设：{presets}）。",
  "status.speechServer":
    "为没有语音的设备提供语音回答（POST /v1/audio/speech）：{available, select, yes {espeak-ng} other {已关闭；安装 espeak-ng 即可开启}}",
  "lib.ready": "《{title}》已索引。",
  "lib.openBook": "打开阅读",
  "style.research": "深入研究",
  "msg.researchStep": "已搜索“{query}”：{found, plural, =0 {没有新内容} other {新增 # 段}}",
};
