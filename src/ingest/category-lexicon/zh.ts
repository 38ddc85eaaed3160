import type { SurvivalCategory } from "./en.js";
import { terms } from "./terms.js";

/**
 * Simplified Chinese survival terms per category, hand-written for Almanac
 * from the words Chinese survival and first-aid manuals use. Chinese has no
 * spaces, so {@link categorise} matches these as substrings; single characters
 * (水, 火, 雨) would then hit inside unrelated words and are left out in
 * favour of two- and three-character words (饮用水, 生火, 降雨).
 */
export const zh: Record<SurvivalCategory, readonly string[]> = {
  water:
    terms(`饮用水, 净水, 净化水, 水的净化, 饮水, 煮沸, 烧开, 过滤, 过滤器, 脱水, 口渴, 水壶, 泉水, 水井, 碘酒, 碘片,
    漂白粉, 雨水, 冷凝, 蒸馏, 水源, 取水`),
  fire: terms(`生火, 火种, 引火物, 火绒, 引火, 燧石, 打火石, 火花, 火柴, 余烬, 炭火, 篝火, 营火, 柴火, 木柴, 钻木取火, 火焰,
    燃料, 火堆, 点火`),
  shelter: terms(
    `庇护所, 避难所, 掩体, 帐篷, 防水布, 篷布, 窝棚, 棚屋, 露营, 宿营, 雪洞, 隔热, 挡风, 防风, 营地, 睡袋`,
  ),
  "first-aid":
    terms(`急救, 伤口, 出血, 止血, 绷带, 包扎, 止血带, 骨折, 夹板, 烧伤, 烫伤, 休克, 心肺复苏, 感染, 受伤, 扭伤,
    失温, 体温过低, 冻伤, 中暑, 中毒, 蛇咬, 咬伤, 脉搏, 敷料`),
  food: terms(`食物, 食品, 可食用, 野菜, 野果, 植物, 浆果, 鱼类, 捕鱼, 钓鱼, 陷阱, 套索, 狩猎, 打猎, 猎物, 肉类, 烹饪,
    烹调, 做饭, 觅食, 根茎, 昆虫, 口粮, 储存食物, 熏制, 晒干, 风干`),
  navigation:
    terms(`导航, 定向, 指南针, 罗盘, 地图, 北方, 南方, 方位, 方位角, 方向, 北极星, 纬度, 经度, 地标, 参照物, 太阳,
    星星, 路线, 辨别方向`),
  signaling:
    terms(`信号, 求救, 求救信号, 信号镜, 反光镜, 镜子, 信号弹, 照明弹, 哨子, 口哨, 烟雾, 浓烟, 救援, 营救, 搜救,
    信标, 摩尔斯, 莫尔斯, 无线电, 对讲机, 频率, 遇险, 飞机, 直升机`),
  weather:
    terms(`天气, 气象, 暴风雨, 风暴, 云层, 乌云, 下雨, 降雨, 大风, 风向, 气压计, 气压, 雷声, 打雷, 雷电, 闪电, 雷暴,
    天气预报, 气温, 温度, 下雪, 降雪, 大雪, 大雾, 雾气, 霜冻, 结霜, 湿度, 冰雹`),
  "tools-and-knots":
    terms(`绳结, 打结, 结绳, 绳子, 绳索, 伞绳, 捆绑, 捆扎, 单套结, 称人结, 平结, 刀具, 小刀, 刀子, 斧头,
    斧子, 锯子, 手锯, 工具, 磨刀, 磨刀石, 接绳, 多功能工具`),
  hygiene:
    terms(`卫生, 个人卫生, 洗手, 清洗, 肥皂, 香皂, 厕所, 茅坑, 旱厕, 牙齿, 刷牙, 清洁, 干净, 虱子, 消毒, 洗手液, 洗澡,
    沐浴, 垃圾, 排泄物, 粪便`),
};
