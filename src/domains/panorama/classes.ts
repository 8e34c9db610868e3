/**
 * The classifications the five panoramas use, each with its code and both languages' names.
 * Record files carry the codes; panels show the names.
 */

type Named<C extends string = string> = { readonly code: C; readonly zh: string; readonly en: string };

/** GB/T 4754-2017, Industrial classification for national economic activities: its 20 sections. */
export const INDUSTRY_SECTIONS = [
  { code: 'A', zh: '农、林、牧、渔业', en: 'Agriculture, forestry, fishing' },
  { code: 'B', zh: '采矿业', en: 'Mining' },
  { code: 'C', zh: '制造业', en: 'Manufacturing' },
  { code: 'D', zh: '电力、热力、燃气及水', en: 'Electricity, heat, gas, water' },
  { code: 'E', zh: '建筑业', en: 'Construction' },
  { code: 'F', zh: '批发和零售业', en: 'Wholesale and retail' },
  { code: 'G', zh: '交通运输、仓储和邮政', en: 'Transport, storage, post' },
  { code: 'H', zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  { code: 'I', zh: '信息传输、软件和信息技术', en: 'Information and software' },
  { code: 'J', zh: '金融业', en: 'Finance' },
  { code: 'K', zh: '房地产业', en: 'Real estate' },
  { code: 'L', zh: '租赁和商务服务业', en: 'Leasing and business services' },
  { code: 'M', zh: '科学研究和技术服务业', en: 'Research and technical services' },
  { code: 'N', zh: '水利、环境和公共设施管理', en: 'Water, environment, public facilities' },
  { code: 'O', zh: '居民服务、修理和其他服务', en: 'Household and repair services' },
  { code: 'P', zh: '教育', en: 'Education' },
  { code: 'Q', zh: '卫生和社会工作', en: 'Health and social work' },
  { code: 'R', zh: '文化、体育和娱乐业', en: 'Culture, sport, entertainment' },
  { code: 'S', zh: '公共管理、社会保障和社会组织', en: 'Public administration, social organisations' },
  { code: 'T', zh: '国际组织', en: 'International organisations' },
] as const satisfies readonly Named[];

export const ENTERPRISE_SIZES = [
  { code: 'large', zh: '大型', en: 'Large' },
  { code: 'medium', zh: '中型', en: 'Medium' },
  { code: 'small', zh: '小型', en: 'Small' },
  { code: 'micro', zh: '微型', en: 'Micro' },
] as const satisfies readonly Named[];

/** 存续 (in business), 注销 (deregistered), 列入经营异常名录 (listed as abnormal). */
export const ENTERPRISE_STATUSES = [
  { code: 'operating', zh: '存续', en: 'Operating' },
  { code: 'deregistered', zh: '注销', en: 'Deregistered' },
  { code: 'abnormal', zh: '经营异常', en: 'Listed as abnormal' },
] as const satisfies readonly Named[];

/** GB 50137-2011, Code for classification of urban land use: the major classes of urban construction land. */
export const LAND_USES = [
  { code: 'R', zh: '居住用地', en: 'Residential' },
  { code: 'A', zh: '公共管理与公共服务用地', en: 'Public administration and services' },
  { code: 'B', zh: '商业服务业设施用地', en: 'Commercial and business' },
  { code: 'M', zh: '工业用地', en: 'Industrial' },
  { code: 'W', zh: '物流仓储用地', en: 'Logistics and warehousing' },
  { code: 'S', zh: '道路与交通设施用地', en: 'Roads and transport' },
  { code: 'U', zh: '公用设施用地', en: 'Public utilities' },
  { code: 'G', zh: '绿地与广场用地', en: 'Green space and squares' },
] as const satisfies readonly Named[];

/**
 * City components (城市部件). The first two digits are GB/T 30428.2's major classes (01 public
 * utilities, 02 roads and traffic, 03 city appearance and environment); the last two are this
 * project's own, since the standard's full subclass table is not part of this repository.
 */
export const COMPONENT_TYPES = [
  { code: '0101', zh: '井盖', en: 'Manhole cover' },
  { code: '0102', zh: '路灯', en: 'Street lamp' },
  { code: '0103', zh: '消防栓', en: 'Fire hydrant' },
  { code: '0104', zh: '监控电子眼', en: 'Surveillance camera' },
  { code: '0201', zh: '公交站亭', en: 'Bus stop' },
  { code: '0301', zh: '垃圾收集站', en: 'Refuse station' },
] as const satisfies readonly Named[];

/** 完好, 破损, 丢失: as grid inspectors record a component. */
export const COMPONENT_STATUSES = [
  { code: 'intact', zh: '完好', en: 'Intact' },
  { code: 'damaged', zh: '破损', en: 'Damaged' },
  { code: 'missing', zh: '丢失', en: 'Missing' },
] as const satisfies readonly Named[];

export const SERVICE_TYPES = [
  { code: 'hall', zh: '政务服务中心', en: 'Government service hall' },
  { code: 'community', zh: '社区服务站', en: 'Community service station' },
  { code: 'police', zh: '派出所', en: 'Police station' },
  { code: 'clinic', zh: '社区卫生服务中心', en: 'Clinic' },
  { code: 'school', zh: '学校', en: 'School' },
] as const satisfies readonly Named[];

/** Where a case came from: the 12345 citizens' hotline or a grid inspector's patrol. */
export const CASE_SOURCES = [
  { code: 'hotline', zh: '12345热线', en: '12345 hotline' },
  { code: 'inspector', zh: '网格巡查', en: 'Grid inspector' },
  { code: 'rule', zh: '告警转办', en: 'Alarm by rule' },
] as const satisfies readonly Named[];

export const CASE_TYPES = [
  { code: 'noise', zh: '噪声扰民', en: 'Noise' },
  { code: 'vending', zh: '占道经营', en: 'Street vending' },
  { code: 'dumping', zh: '乱堆乱放', en: 'Dumping' },
  { code: 'construction', zh: '违法建设', en: 'Illegal construction' },
  { code: 'component', zh: '部件损坏', en: 'Damaged component' },
  { code: 'sanitation', zh: '环境卫生', en: 'Sanitation' },
  { code: 'waterlogging', zh: '道路积水', en: 'Standing water' },
  { code: 'parking', zh: '违规停车', en: 'Illegal parking' },
  { code: 'crowding', zh: '人群聚集', en: 'Crowding' },
  { code: 'muck', zh: '渣土车违规', en: 'Muck-truck violation' },
] as const satisfies readonly Named[];

export const CASE_STATUSES = [
  { code: 'open', zh: '办理中', en: 'Open' },
  { code: 'closed', zh: '已办结', en: 'Closed' },
] as const satisfies readonly Named[];

type Codes<T extends readonly Named[]> = T[number]['code'];
export type IndustryCode = Codes<typeof INDUSTRY_SECTIONS>;
export type EnterpriseSize = Codes<typeof ENTERPRISE_SIZES>;
export type EnterpriseStatus = Codes<typeof ENTERPRISE_STATUSES>;
export type LandUse = Codes<typeof LAND_USES>;
export type ComponentType = Codes<typeof COMPONENT_TYPES>;
export type ComponentStatus = Codes<typeof COMPONENT_STATUSES>;
export type ServiceType = Codes<typeof SERVICE_TYPES>;
export type CaseSource = Codes<typeof CASE_SOURCES>;
export type CaseType = Codes<typeof CASE_TYPES>;
export type CaseStatus = Codes<typeof CASE_STATUSES>;

export const codesOf = <T extends readonly Named[]>(list: T): [Codes<T>, ...Codes<T>[]] => list.map((n) => n.code) as [Codes<T>, ...Codes<T>[]];

/** The name of a code in a language, or the code itself when the list lacks it. */
export function nameOf(list: readonly Named[], code: string, lang: string): string {
  const n = list.find((x) => x.code === code);
  return n ? (lang.startsWith('zh') ? n.zh : n.en) : code;
}
