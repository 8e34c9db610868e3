/**
 * What the case loop's bots say (./caseLoopDriver.ts): a 12345 caller's words per case type, as
 * callers say them (Mandarin mostly, some Cantonese, some English, some with emoji or with
 * markup-looking text in them, so that every screen shows "any script" as text), a synthetic
 * caller's number in the 138-0013 test block, and the departments' and inspectors' short notes.
 */
import type { Random } from '../city/random.ts';
import type { CaseType } from '../../src/domains/panorama/classes.ts';

/** The types people report, and how often relatively (crowding and muck trucks come from the alarms, by rule). */
export const REPORTED_TYPES = { noise: 20, vending: 12, dumping: 14, construction: 6, component: 12, sanitation: 14, waterlogging: 8, parking: 14 } as const satisfies Partial<Record<CaseType, number>>;
export type ReportedType = keyof typeof REPORTED_TYPES;

const ROADS = ['天河路', '体育西路', '花城大道', '黄埔大道', '天河北路', '林和西路', '华夏路', '猎德大道', '石牌桥', '岗顶', '中山大道', '员村'];
const TIMES = ['凌晨两点', '晚上十一点多', '早上六点', '中午', '每天傍晚'];

/** Per type: what callers say; `{road}` and `{time}` are filled in. */
const CALLS: Record<ReportedType, readonly string[]> = {
  noise: [
    '{road}附近工地{time}还在施工，噪音很大，严重影响休息。',
    '楼下商铺音响开得很大声，已经持续两个多小时了。',
    '{road}嗰边成晚都好嘈，瞓唔着觉😩',
    'Loud construction noise near {road} after midnight, nobody can sleep.',
  ],
  vending: ['{road}地铁站出口有流动摊贩占道经营，行人通行困难。', '人行道上摆满了水果摊，<b>非常</b>影响通行', '{time}{road}天桥底有人摆卖，占满整个通道🍢'],
  dumping: ['{road}路边堆放大量建筑垃圾和旧家具，已经好几天没人清理。', '小区门口有人乱倒装修垃圾 🚮', 'Someone dumped old mattresses on the pavement at {road}.'],
  construction: ['{road}某小区楼顶正在搭建铁皮房，疑似违法建设。', '一楼商铺私自扩建外墙<script>alert("违建")</script>', '{road}有人晚上偷偷加建阁楼，{time}都在敲。'],
  component: ['{road}有个井盖松动，车辆经过时响声很大，存在安全隐患。', '路灯唔着，夜晚好黑 💡❌', 'Manhole cover missing on {road} — very dangerous for cyclists!'],
  sanitation: ['{road}公厕卫生状况很差，气味难闻。', '垃圾桶满溢，周边污水横流 &amp; 蚊蝇很多', '{road}路边绿化带有大量垃圾，{time}都没人清扫。'],
  waterlogging: ['{road}下穿隧道积水约30厘米，车辆无法通行 🌧️', '暴雨后{road}路口积水严重，有车辆熄火。', 'Street flooded near {road}, the water is up to the knees.'],
  parking: ['{road}人行道上停满了车，轮椅和婴儿车都过不去。', '有辆车占用消防通道好几个小时了 🚒', '{road}公交站前长期有车违停，车牌粤A·XXXXX'],
};

const GREETINGS = ['', '', '您好，', '你好，我想反映一下：', '喂，'];
const CLOSINGS = ['', '', '麻烦尽快处理，谢谢！', '希望相关部门尽快解决。', '已经不是第一次了。'];

const pickOf = <T>(rnd: Random, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const fill = (rnd: Random, text: string): string => text.replaceAll('{road}', pickOf(rnd, ROADS)).replaceAll('{time}', pickOf(rnd, TIMES));

/** A caller's words about a case of `type`, with a greeting and a closing now and then. */
export function callerSays(rnd: Random, type: ReportedType): string {
  return `${pickOf(rnd, GREETINGS)}${fill(rnd, pickOf(rnd, CALLS[type]))}${pickOf(rnd, CLOSINGS)}`;
}

/** An inspector's report: terse, what was found where. */
export const inspectorSays = (rnd: Random, type: ReportedType): string => `巡查发现：${fill(rnd, pickOf(rnd, CALLS[type]))}`;

/** A synthetic caller's number, 1380013xxxx (the block every Chinese test number uses). */
export const callerPhone = (rnd: Random): string => `1380013${String(Math.floor(rnd() * 10_000)).padStart(4, '0')}`;

/** The reasons and notes the loop's people give, each a short list to pick from. */
export const SAYINGS = {
  reject: ['重复来电，已有案件在办', '不属于城市管理事项，已告知来电人', '现场核实无此问题'],
  misrouted: ['非本单位职责范围，请改派', '该事项不归我局管理，退回重新派遣'],
  dispute: ['属产权单位自行管理范围，建议改派', '需由属地街道牵头处理，退回'],
  extension: ['需协调多部门联合处置', '需等待维修材料到货', '涉及多个产权单位，需延期'],
  suspension: ['涉及产权纠纷，待司法裁定', '需纳入年度改造计划'],
  refuse: ['时限内可以完成，不予延期', '理由不充分，请按时办结'],
  reportBack: ['已到场处置，现场已恢复正常', '已联系责任单位整改完毕', '已清理完毕，现场情况见说明', '已依法查处并责令整改', '已排除隐患，设施恢复使用'],
  rework: ['复核发现仍未整改到位', '现场问题反弹，需重新处置', '整改不彻底，群众仍有反映'],
} as const;

export const say = (rnd: Random, what: keyof typeof SAYINGS): string => pickOf(rnd, SAYINGS[what]);
