/**
 * The default vital-sign catalogue: 24 themes, 45 owning departments and a little over 3,000
 * indicators, deterministic, for `npm run data`. A city replaces the file with its own.
 *
 * How the 3,000 come about: each theme has six measured figures (水位, 客流…) that a department
 * reports; each figure has 21 standard statistics (its current value, today's peak, the 7-day
 * mean, year-on-year change, target attainment, abnormal points…), as an operations hub keeps
 * them. On top come the figures the operations service derives from the live feeds (the smart
 * business districts' from its venue records among them), and the per-cell figures of the grid.
 */
import type { CameraView } from '../../src/config/citySchema.ts';
import type { GridMetric } from '../../src/config/gridMetrics.ts';
import type { SensorKind } from '../../src/live/contract.ts';
import type { CellFeed, CrowdFigure, Department, DerivedFeed, Indicator, Theme } from '../../src/domains/signs/catalogue.ts';
import { VENUES } from '../../src/domains/crowd/venues.ts';
import { cellSeed, mulberry32 } from '../city/random.ts';

type Bi = [zh: string, en: string];

const DEPARTMENTS: Record<string, Bi> = {
  water: ['市水务局', 'Water Authority'],
  'water-supply': ['市自来水公司', 'Water Supply Company'],
  transport: ['市交通运输局', 'Transport Bureau'],
  'traffic-police': ['市公安局交通警察支队', 'Traffic Police'],
  metro: ['广州地铁集团', 'Guangzhou Metro'],
  bus: ['广州公交集团', 'Guangzhou Bus Group'],
  ecology: ['市生态环境局', 'Ecology and Environment Bureau'],
  forestry: ['市林业和园林局', 'Forestry and Landscaping Bureau'],
  housing: ['市住房城乡建设局', 'Housing and Urban-Rural Development Bureau'],
  planning: ['市规划和自然资源局', 'Planning and Natural Resources Bureau'],
  citymgmt: ['市城市管理和综合执法局', 'Urban Management and Law Enforcement Bureau'],
  emergency: ['市应急管理局', 'Emergency Management Bureau'],
  fire: ['市消防救援支队', 'Fire and Rescue Brigade'],
  'flood-hq': ['市三防指挥部办公室', 'Flood, Drought and Wind Control Office'],
  weather: ['市气象局', 'Meteorological Bureau'],
  police: ['市公安局', 'Public Security Bureau'],
  justice: ['市司法局', 'Justice Bureau'],
  health: ['市卫生健康委', 'Health Commission'],
  'medical-insurance': ['市医疗保障局', 'Healthcare Security Bureau'],
  education: ['市教育局', 'Education Bureau'],
  commerce: ['市商务局', 'Commerce Bureau'],
  market: ['市市场监管局', 'Market Regulation Administration'],
  migrants: ['市来穗人员服务管理局', 'Migrant Population Service Bureau'],
  development: ['市发展改革委', 'Development and Reform Commission'],
  industry: ['市工业和信息化局', 'Industry and Information Technology Bureau'],
  finance: ['市财政局', 'Finance Bureau'],
  stats: ['市统计局', 'Statistics Bureau'],
  tax: ['市税务局', 'Taxation Bureau'],
  'financial-regulation': ['市地方金融管理局', 'Local Financial Regulation Bureau'],
  sasac: ['市国资委', 'State-owned Assets Commission'],
  hr: ['市人力资源社会保障局', 'Human Resources and Social Security Bureau'],
  civil: ['市民政局', 'Civil Affairs Bureau'],
  veterans: ['市退役军人事务局', 'Veterans Affairs Bureau'],
  culture: ['市文化广电旅游局', 'Culture, Radio, TV and Tourism Bureau'],
  sports: ['市体育局', 'Sports Bureau'],
  agriculture: ['市农业农村局', 'Agriculture and Rural Affairs Bureau'],
  port: ['广州港务局', 'Port Authority'],
  airport: ['白云国际机场', 'Baiyun International Airport'],
  power: ['广州供电局', 'Guangzhou Power Supply Bureau'],
  gas: ['广州燃气集团', 'Guangzhou Gas Group'],
  data: ['市政务服务和数据管理局', 'Government Services and Data Administration'],
  hotline: ['12345政务服务便民热线', '12345 Citizen Hotline'],
  petition: ['市信访局', 'Letters and Calls Bureau'],
  'housing-security': ['市住房保障办公室', 'Housing Security Office'],
  'politics-law': ['市委政法委', 'Political and Legal Affairs Commission'],
};

/** A measured figure: name, unit, whether higher is better, typical value and swing, cadence (s), owner, kept per district or for the city. */
type Figure = [name: Bi, unit: string, higherBetter: boolean, base: number, swing: number, cadenceS: number, department: string, level: 'city' | 'district'];

const CAM = {
  home: { lon: 113.335, lat: 22.985, height: 9000, heading: -8, pitch: -32 },
  river: { lon: 113.3, lat: 23.06, height: 6500, heading: 20, pitch: -35 },
  tianhe: { lon: 113.33, lat: 23.08, height: 4200, heading: 0, pitch: -30 },
  city: { lon: 113.32, lat: 22.75, height: 60000, heading: 0, pitch: -55 },
  north: { lon: 113.35, lat: 23.2, height: 30000, heading: 0, pitch: -45 },
  south: { lon: 113.45, lat: 22.65, height: 35000, heading: 10, pitch: -45 },
} satisfies Record<string, CameraView>;

interface ThemeSpec {
  id: string;
  name: Bi;
  layers: string[];
  gridMetric: GridMetric;
  camera: CameraView;
  figures: Figure[];
  /** Open alarms of these sensor kinds count towards the theme. */
  alarmKinds?: SensorKind[];
}

const BASE = ['districts', 'water', 'buildings'];
const THEMES: ThemeSpec[] = [
  { id: 'ecology', name: ['生态环境', 'Ecology'], layers: [...BASE, 'sensors'], gridMetric: 'sensors', camera: CAM.city, alarmKinds: ['air-quality'], figures: [
    [['PM10浓度', 'PM10 concentration'], 'µg/m³', false, 45, 8, 300, 'ecology', 'district'],
    [['臭氧浓度', 'Ozone concentration'], 'µg/m³', false, 95, 25, 300, 'ecology', 'district'],
    [['二氧化氮浓度', 'NO₂ concentration'], 'µg/m³', false, 32, 6, 300, 'ecology', 'district'],
    [['地表水优良断面比例', 'Surface water sections rated good'], '%', true, 88, 1, 3600, 'ecology', 'city'],
    [['区域环境噪声', 'Ambient noise'], 'dB(A)', false, 55, 3, 300, 'ecology', 'district'],
    [['森林覆盖率', 'Forest cover'], '%', true, 42.3, 0.05, 86400, 'forestry', 'city'],
  ] },
  { id: 'water', name: ['水务', 'Water'], layers: [...BASE, 'sensors'], gridMetric: 'sensors', camera: CAM.river, alarmKinds: ['water-level', 'waterlogging'], figures: [
    [['日供水量', 'Water supplied today'], '万m³', true, 620, 40, 300, 'water-supply', 'district'],
    [['管网压力', 'Mains pressure'], 'MPa', true, 0.32, 0.03, 60, 'water-supply', 'district'],
    [['污水处理量', 'Wastewater treated'], '万m³', true, 480, 30, 300, 'water', 'district'],
    [['水库蓄水率', 'Reservoir storage'], '%', true, 72, 2, 3600, 'water', 'city'],
    [['排水泵站运行数', 'Drainage pumps running'], '座', true, 180, 20, 60, 'water', 'district'],
    [['内涝风险点巡查率', 'Waterlogging risk points inspected'], '%', true, 96, 1.5, 900, 'water', 'district'],
  ] },
  { id: 'traffic', name: ['交通', 'Traffic'], layers: [...BASE, 'sensors'], gridMetric: 'sensors', camera: CAM.tianhe, alarmKinds: ['traffic'], figures: [
    [['地铁客运量', 'Metro passengers'], '万人次', true, 900, 250, 60, 'metro', 'district'],
    [['公交客运量', 'Bus passengers'], '万人次', true, 320, 90, 60, 'bus', 'district'],
    [['道路拥堵指数', 'Road congestion index'], '', false, 1.6, 0.3, 30, 'traffic-police', 'district'],
    [['交通事故数', 'Traffic accidents'], '起', false, 12, 4, 300, 'traffic-police', 'district'],
    [['停车场空余泊位', 'Free parking spaces'], '个', true, 52000, 9000, 60, 'transport', 'district'],
    [['网约车在线数', 'Ride-hailing cars online'], '辆', true, 68000, 15000, 60, 'transport', 'city'],
  ] },
  { id: 'construction', name: ['城市建设', 'Urban construction'], layers: [...BASE, 'grid'], gridMetric: 'floorArea', camera: CAM.tianhe, figures: [
    [['在建工地数', 'Active construction sites'], '个', true, 2300, 40, 3600, 'housing', 'district'],
    [['施工扬尘在线监测达标率', 'Construction dust within limits'], '%', true, 97, 1, 300, 'housing', 'district'],
    [['重点项目投资完成额', 'Key projects investment completed'], '亿元', true, 1800, 30, 86400, 'development', 'city'],
    [['老旧小区改造完成数', 'Old neighbourhoods renovated'], '个', true, 780, 5, 86400, 'housing', 'district'],
    [['危险房屋数', 'Dangerous buildings'], '栋', false, 140, 6, 86400, 'housing', 'district'],
    [['建设用地供应量', 'Construction land supplied'], '公顷', true, 950, 20, 86400, 'planning', 'city'],
  ] },
  { id: 'city-management', name: ['城市管理', 'City management'], layers: [...BASE, 'sensors', 'grid', 'trucks'], gridMetric: 'alerts', camera: CAM.home, alarmKinds: ['truck'], figures: [
    [['生活垃圾清运量', 'Household refuse collected'], '吨', true, 26000, 3000, 300, 'citymgmt', 'district'],
    [['市容环境问题数', 'Street scene problems open'], '宗', false, 320, 60, 300, 'citymgmt', 'district'],
    [['占道经营案件', 'Street-vending cases'], '宗', false, 85, 20, 300, 'citymgmt', 'district'],
    [['路灯亮灯率', 'Street lamps lit'], '%', true, 98.6, 0.4, 900, 'citymgmt', 'district'],
    [['垃圾分类准确率', 'Refuse sorted correctly'], '%', true, 86, 2, 3600, 'citymgmt', 'district'],
    [['余泥渣土消纳量', 'Muck disposed at licensed sites'], '万m³', true, 9.5, 1.5, 300, 'citymgmt', 'city'],
  ] },
  { id: 'emergency', name: ['应急管理', 'Emergency'], layers: [...BASE, 'sensors', 'flood'], gridMetric: 'alerts', camera: CAM.river, alarmKinds: ['water-level', 'rainfall', 'waterlogging', 'traffic', 'air-quality', 'truck'], figures: [
    [['应急救援队伍在岗数', 'Rescue teams on duty'], '支', true, 420, 20, 300, 'emergency', 'district'],
    [['火警接警数', 'Fire calls received'], '起', false, 18, 6, 60, 'fire', 'district'],
    [['避护场所可用容量', 'Shelter places available'], '万人', true, 320, 5, 3600, 'emergency', 'district'],
    [['危化品企业在线监测率', 'Hazardous-chemical plants monitored'], '%', true, 99, 0.5, 300, 'emergency', 'city'],
    [['三防责任人到岗率', 'Flood-duty officers at post'], '%', true, 97, 1.5, 300, 'flood-hq', 'district'],
    [['应急物资储备完好率', 'Emergency stock in good order'], '%', true, 98, 0.8, 3600, 'emergency', 'city'],
  ] },
  { id: 'economy', name: ['经济运行', 'Economy'], layers: BASE, gridMetric: 'floorArea', camera: CAM.tianhe, figures: [
    [['地区生产总值增速', 'GDP growth'], '%', true, 4.8, 0.3, 86400, 'stats', 'city'],
    [['规上工业增加值', 'Industrial value added (above scale)'], '亿元', true, 520, 20, 86400, 'industry', 'district'],
    [['一般公共预算收入', 'General budget revenue'], '亿元', true, 210, 8, 86400, 'finance', 'city'],
    [['税收收入', 'Tax revenue'], '亿元', true, 160, 6, 86400, 'tax', 'district'],
    [['用电量', 'Electricity consumed'], '亿千瓦时', true, 3.1, 0.4, 3600, 'power', 'district'],
    [['金融机构存款余额', 'Bank deposits'], '万亿元', true, 8.9, 0.02, 86400, 'financial-regulation', 'city'],
  ] },
  { id: 'weather', name: ['气象', 'Weather'], layers: [...BASE, 'sensors'], gridMetric: 'sensors', camera: CAM.city, alarmKinds: ['rainfall'], figures: [
    [['气温', 'Air temperature'], '°C', false, 24, 4, 60, 'weather', 'district'],
    [['相对湿度', 'Relative humidity'], '%', false, 72, 10, 60, 'weather', 'district'],
    [['最大风速', 'Peak wind speed'], 'm/s', false, 5, 2, 60, 'weather', 'district'],
    [['能见度', 'Visibility'], 'km', true, 12, 3, 300, 'weather', 'district'],
    [['雷电次数', 'Lightning strikes'], '次', false, 2, 2, 60, 'weather', 'city'],
    [['气象预警信号数', 'Weather warnings in force'], '个', false, 1, 1, 300, 'weather', 'city'],
  ] },
  { id: 'public-security', name: ['社会治安', 'Public security'], layers: BASE, gridMetric: 'buildings', camera: CAM.home, figures: [
    [['110警情数', 'Police calls (110)'], '宗', false, 260, 60, 60, 'police', 'district'],
    [['刑事案件立案数', 'Criminal cases filed'], '宗', false, 45, 10, 3600, 'police', 'district'],
    [['视频监控在线率', 'Surveillance cameras online'], '%', true, 98.5, 0.6, 300, 'police', 'district'],
    [['巡逻警力在岗数', 'Patrol officers on duty'], '人', true, 5200, 600, 300, 'police', 'district'],
    [['矛盾纠纷调处成功率', 'Disputes mediated successfully'], '%', true, 96, 1.5, 3600, 'justice', 'district'],
    [['重点场所安检率', 'Key venues screened'], '%', true, 99, 0.5, 900, 'police', 'city'],
  ] },
  { id: 'health', name: ['卫生健康', 'Health'], layers: BASE, gridMetric: 'buildings', camera: CAM.home, figures: [
    [['医院门急诊人次', 'Hospital outpatient visits'], '万人次', true, 45, 12, 300, 'health', 'district'],
    [['病床使用率', 'Hospital bed occupancy'], '%', false, 84, 4, 900, 'health', 'district'],
    [['120急救出车数', 'Ambulance dispatches (120)'], '次', false, 620, 120, 60, 'health', 'district'],
    [['急救平均响应时间', 'Mean ambulance response time'], 'min', false, 11, 1.5, 300, 'health', 'district'],
    [['传染病报告数', 'Notifiable diseases reported'], '例', false, 140, 25, 3600, 'health', 'district'],
    [['医保结算笔数', 'Medical insurance settlements'], '万笔', true, 38, 9, 300, 'medical-insurance', 'city'],
  ] },
  { id: 'education', name: ['教育', 'Education'], layers: BASE, gridMetric: 'buildings', camera: CAM.home, figures: [
    [['在校学生数', 'Students enrolled'], '万人', true, 260, 0.5, 86400, 'education', 'district'],
    [['学位供给数', 'School places available'], '万个', true, 12, 0.2, 86400, 'education', 'district'],
    [['校园安全隐患数', 'School safety hazards open'], '处', false, 35, 8, 3600, 'education', 'district'],
    [['校车在线率', 'School buses tracked'], '%', true, 99, 0.6, 60, 'education', 'city'],
    [['学生到校率', 'Pupils at school'], '%', true, 98, 1, 900, 'education', 'district'],
    [['食堂明厨亮灶覆盖率', 'Canteens with open kitchens'], '%', true, 97, 0.8, 86400, 'education', 'city'],
  ] },
  { id: 'commerce', name: ['商贸消费', 'Commerce'], layers: [...BASE, 'crowd'], gridMetric: 'floorArea', camera: CAM.tianhe, figures: [
    [['社会消费品零售额', 'Retail sales'], '亿元', true, 30, 6, 3600, 'commerce', 'district'],
    [['重点商圈客流', 'Footfall in key shopping districts'], '万人次', true, 180, 60, 300, 'commerce', 'district'],
    [['线上零售额', 'Online retail sales'], '亿元', true, 9, 2, 3600, 'commerce', 'city'],
    [['外贸进出口额', 'Foreign trade'], '亿元', true, 30, 4, 86400, 'commerce', 'city'],
    [['餐饮营业额', 'Restaurant takings'], '亿元', true, 4.2, 1.1, 3600, 'commerce', 'district'],
    [['夜间消费占比', 'Night-time spending share'], '%', true, 36, 4, 3600, 'commerce', 'district'],
  ] },
  { id: 'market', name: ['市场监管', 'Market regulation'], layers: BASE, gridMetric: 'floorArea', camera: CAM.home, figures: [
    [['新登记市场主体', 'New market entities registered'], '户', true, 1500, 300, 3600, 'market', 'district'],
    [['食品抽检合格率', 'Food samples passing'], '%', true, 98, 0.7, 3600, 'market', 'district'],
    [['消费投诉举报数', 'Consumer complaints'], '件', false, 420, 90, 300, 'market', 'district'],
    [['特种设备定检率', 'Special equipment inspected on time'], '%', true, 99, 0.5, 86400, 'market', 'district'],
    [['电梯困人故障数', 'Lift entrapments'], '起', false, 14, 5, 300, 'market', 'district'],
    [['经营异常名录户数', 'Entities listed as abnormal'], '户', false, 21000, 300, 86400, 'market', 'city'],
  ] },
  { id: 'population', name: ['人口服务', 'Population'], layers: [...BASE, 'grid'], gridMetric: 'floorArea', camera: CAM.city, figures: [
    [['实有人口', 'Resident population'], '万人', true, 1880, 2, 86400, 'migrants', 'district'],
    [['来穗人员数', 'Migrant residents'], '万人', true, 980, 3, 86400, 'migrants', 'district'],
    [['居住证办理量', 'Residence permits issued'], '张', true, 4200, 800, 3600, 'migrants', 'district'],
    [['出租屋登记率', 'Rented rooms registered'], '%', true, 95, 1.2, 3600, 'migrants', 'district'],
    [['户籍人口迁入数', 'Household registrations moved in'], '人', true, 820, 150, 3600, 'police', 'city'],
    [['积分入学申请数', 'Points-based school applications'], '件', true, 600, 120, 3600, 'migrants', 'city'],
  ] },
  { id: 'culture-tourism', name: ['文化旅游', 'Culture and tourism'], layers: BASE, gridMetric: 'buildings', camera: CAM.tianhe, figures: [
    [['A级景区游客量', 'Visitors at rated scenic spots'], '万人次', true, 65, 25, 300, 'culture', 'district'],
    [['景区最大承载率', 'Scenic-spot load (peak)'], '%', false, 48, 15, 60, 'culture', 'district'],
    [['酒店入住率', 'Hotel occupancy'], '%', true, 72, 8, 3600, 'culture', 'district'],
    [['博物馆参观人次', 'Museum visits'], '万人次', true, 8, 3, 300, 'culture', 'city'],
    [['体育场馆开放数', 'Sports venues open'], '个', true, 1300, 60, 3600, 'sports', 'district'],
    [['旅游投诉数', 'Tourism complaints'], '件', false, 25, 8, 3600, 'culture', 'city'],
  ] },
  { id: 'energy', name: ['能源保障', 'Energy'], layers: BASE, gridMetric: 'floorArea', camera: CAM.home, figures: [
    [['电网最高负荷', 'Peak grid load'], '万千瓦', false, 2100, 300, 60, 'power', 'district'],
    [['供电可靠率', 'Supply reliability'], '%', true, 99.97, 0.01, 3600, 'power', 'district'],
    [['天然气日供应量', 'Gas supplied today'], '万m³', true, 1200, 180, 300, 'gas', 'district'],
    [['燃气管网压力', 'Gas network pressure'], 'kPa', true, 380, 15, 60, 'gas', 'district'],
    [['充电桩在线数', 'Chargers online'], '个', true, 98000, 4000, 300, 'industry', 'district'],
    [['成品油库存天数', 'Fuel stock cover'], '天', true, 18, 1, 86400, 'development', 'city'],
  ] },
  { id: 'housing', name: ['住房保障', 'Housing'], layers: [...BASE, 'grid'], gridMetric: 'floorArea', camera: CAM.home, figures: [
    [['新建商品房网签面积', 'New homes sold (floor area)'], '万m²', true, 3.4, 1.2, 3600, 'housing', 'district'],
    [['保障性住房筹建数', 'Affordable homes under way'], '套', true, 52000, 300, 86400, 'housing-security', 'district'],
    [['二手房成交套数', 'Second-hand homes sold'], '套', true, 420, 110, 3600, 'housing', 'district'],
    [['住房租赁备案数', 'Tenancies registered'], '件', true, 2600, 500, 3600, 'housing', 'district'],
    [['物业服务投诉数', 'Property-management complaints'], '件', false, 130, 30, 3600, 'housing', 'district'],
    [['公租房空置率', 'Public rental homes vacant'], '%', false, 3.5, 0.6, 86400, 'housing-security', 'city'],
  ] },
  { id: 'civil-affairs', name: ['民政服务', 'Civil affairs'], layers: BASE, gridMetric: 'buildings', camera: CAM.home, figures: [
    [['养老机构床位入住率', 'Elderly-care beds occupied'], '%', true, 68, 3, 3600, 'civil', 'district'],
    [['长者饭堂就餐人次', 'Meals at seniors’ canteens'], '人次', true, 52000, 9000, 300, 'civil', 'district'],
    [['低保对象数', 'People on minimum living allowance'], '人', false, 41000, 200, 86400, 'civil', 'district'],
    [['婚姻登记数', 'Marriages registered'], '对', true, 210, 60, 3600, 'civil', 'district'],
    [['社会组织数', 'Registered social organisations'], '个', true, 8100, 20, 86400, 'civil', 'city'],
    [['退役军人服务站覆盖率', 'Veterans service stations coverage'], '%', true, 99, 0.4, 86400, 'veterans', 'city'],
  ] },
  { id: 'employment', name: ['就业社保', 'Employment'], layers: BASE, gridMetric: 'floorArea', camera: CAM.home, figures: [
    [['城镇新增就业', 'New urban jobs'], '人', true, 1100, 260, 3600, 'hr', 'district'],
    [['城镇调查失业率', 'Surveyed unemployment'], '%', false, 5.1, 0.2, 86400, 'hr', 'city'],
    [['社保参保人数', 'Social insurance members'], '万人', true, 1350, 2, 86400, 'hr', 'district'],
    [['招聘岗位数', 'Vacancies posted'], '个', true, 36000, 7000, 3600, 'hr', 'district'],
    [['劳动争议案件', 'Labour dispute cases'], '件', false, 75, 18, 3600, 'hr', 'district'],
    [['技能培训人次', 'Skills training attendances'], '人次', true, 4800, 1100, 3600, 'hr', 'city'],
  ] },
  { id: 'gov-services', name: ['政务服务', 'Government services'], layers: BASE, gridMetric: 'buildings', camera: CAM.home, figures: [
    [['政务服务办件量', 'Service applications handled'], '件', true, 52000, 12000, 300, 'data', 'district'],
    [['一网通办率', 'Handled entirely online'], '%', true, 93, 1.5, 3600, 'data', 'district'],
    [['12345热线来电量', '12345 hotline calls'], '个', false, 28000, 6000, 60, 'hotline', 'city'],
    [['热线工单按时办结率', 'Hotline tickets closed on time'], '%', true, 97, 1, 900, 'hotline', 'district'],
    [['信访事项受理数', 'Petitions received'], '件', false, 160, 35, 3600, 'petition', 'district'],
    [['窗口平均等候时长', 'Mean wait at service counters'], 'min', false, 9, 3, 300, 'data', 'district'],
  ] },
  { id: 'land-resources', name: ['规划资源', 'Planning and land'], layers: [...BASE, 'grid'], gridMetric: 'floorArea', camera: CAM.north, figures: [
    [['违法用地面积', 'Illegal land use'], '公顷', false, 42, 3, 86400, 'planning', 'district'],
    [['耕地保有量', 'Arable land kept'], '万亩', true, 132, 0.1, 86400, 'planning', 'district'],
    [['批后监管项目数', 'Approved projects under supervision'], '个', true, 3100, 40, 86400, 'planning', 'district'],
    [['地质灾害隐患点', 'Geohazard sites'], '处', false, 380, 6, 86400, 'planning', 'district'],
    [['不动产登记办件量', 'Property registrations'], '件', true, 5200, 1100, 3600, 'planning', 'district'],
    [['国土空间规划实施率', 'Spatial plan implemented'], '%', true, 81, 0.5, 86400, 'planning', 'city'],
  ] },
  { id: 'agriculture', name: ['农业农村', 'Agriculture'], layers: BASE, gridMetric: 'buildings', camera: CAM.north, figures: [
    [['蔬菜日上市量', 'Vegetables to market today'], '吨', true, 9800, 1500, 3600, 'agriculture', 'district'],
    [['农产品抽检合格率', 'Farm produce samples passing'], '%', true, 98.5, 0.5, 86400, 'agriculture', 'district'],
    [['生猪存栏量', 'Pigs in stock'], '万头', true, 48, 0.8, 86400, 'agriculture', 'district'],
    [['农村生活污水治理率', 'Rural wastewater treated'], '%', true, 94, 0.8, 86400, 'agriculture', 'district'],
    [['高标准农田面积', 'High-standard farmland'], '万亩', true, 56, 0.1, 86400, 'agriculture', 'city'],
    [['菜价指数', 'Vegetable price index'], '', false, 102, 3, 3600, 'agriculture', 'city'],
  ] },
  { id: 'ports-logistics', name: ['港航物流', 'Ports and logistics'], layers: [...BASE, 'water'], gridMetric: 'buildings', camera: CAM.south, figures: [
    [['港口集装箱吞吐量', 'Port container throughput'], '万TEU', true, 6.8, 1.2, 3600, 'port', 'district'],
    [['锚地待泊船舶', 'Ships waiting at anchor'], '艘', false, 22, 6, 300, 'port', 'city'],
    [['机场旅客吞吐量', 'Airport passengers'], '万人次', true, 21, 6, 300, 'airport', 'city'],
    [['航班准点率', 'Flights on time'], '%', true, 88, 5, 300, 'airport', 'city'],
    [['快递业务量', 'Parcels handled'], '万件', true, 3600, 700, 3600, 'commerce', 'district'],
    [['冷链仓储利用率', 'Cold-chain storage in use'], '%', false, 76, 5, 3600, 'commerce', 'city'],
  ] },
  { id: 'grid-governance', name: ['基层治理', 'Grid governance'], layers: [...BASE, 'grid', 'sensors'], gridMetric: 'alerts', camera: CAM.home, figures: [
    [['网格事件上报数', 'Grid incidents reported'], '件', false, 1900, 400, 300, 'politics-law', 'district'],
    [['网格事件办结率', 'Grid incidents closed'], '%', true, 95, 1.5, 300, 'politics-law', 'district'],
    [['网格员在岗率', 'Grid officers at work'], '%', true, 96, 2, 300, 'politics-law', 'district'],
    [['重点人员服务管理率', 'Key persons served and followed'], '%', true, 98, 0.8, 3600, 'politics-law', 'district'],
    [['平安小区创建率', 'Safe-neighbourhood accreditation'], '%', true, 89, 0.6, 86400, 'politics-law', 'district'],
    [['国企安全生产隐患数', 'State-enterprise safety hazards'], '处', false, 60, 12, 3600, 'sasac', 'city'],
  ] },
];

type VariantKind = 'same' | 'change' | 'rate' | 'count';
/** A standard statistic of a figure. `factor` scales the value; `cadence` of 0 keeps the figure's own. */
interface Variant {
  name: Bi;
  kind: VariantKind;
  cadence: number;
  factor?: number;
  /** Kept per district where the figure is. */
  perDistrict: boolean;
  definition: Bi;
}
const VARIANTS: Variant[] = [
  { name: ['', ''], kind: 'same', cadence: 0, perDistrict: true, definition: ['最新上报值', 'the latest reported value'] },
  { name: ['日峰值', 'today’s peak'], kind: 'same', cadence: 300, factor: 1.15, perDistrict: true, definition: ['今日零时以来的最高值', 'the highest value since midnight'] },
  { name: ['日谷值', 'today’s low'], kind: 'same', cadence: 300, factor: 0.85, perDistrict: false, definition: ['今日零时以来的最低值', 'the lowest value since midnight'] },
  { name: ['日均值', 'today’s mean'], kind: 'same', cadence: 900, perDistrict: true, definition: ['今日零时以来的平均值', 'the mean since midnight'] },
  { name: ['高峰时段均值', 'peak-hours mean'], kind: 'same', cadence: 3600, factor: 1.1, perDistrict: false, definition: ['早晚高峰时段平均值', 'the mean over the morning and evening peaks'] },
  { name: ['夜间均值', 'night-time mean'], kind: 'same', cadence: 3600, factor: 0.8, perDistrict: false, definition: ['22时至次日6时平均值', 'the mean from 22:00 to 06:00'] },
  { name: ['近7日均值', '7-day mean'], kind: 'same', cadence: 3600, perDistrict: false, definition: ['近7日日均值的平均', 'the mean of the last seven daily means'] },
  { name: ['近30日均值', '30-day mean'], kind: 'same', cadence: 21600, perDistrict: false, definition: ['近30日日均值的平均', 'the mean of the last thirty daily means'] },
  { name: ['工作日均值', 'weekday mean'], kind: 'same', cadence: 21600, perDistrict: false, definition: ['本月工作日平均值', 'the mean over this month’s weekdays'] },
  { name: ['同比', 'year on year'], kind: 'change', cadence: 86400, perDistrict: true, definition: ['与上年同期相比的变化率', 'the change on the same period last year'] },
  { name: ['环比', 'month on month'], kind: 'change', cadence: 86400, perDistrict: false, definition: ['与上月同期相比的变化率', 'the change on the same period last month'] },
  { name: ['较上周同期', 'week on week'], kind: 'change', cadence: 3600, perDistrict: false, definition: ['与上周同一时段相比的变化率', 'the change on the same hour last week'] },
  { name: ['目标达成率', 'target attainment'], kind: 'rate', cadence: 3600, perDistrict: true, definition: ['实际值占年度目标进度的比例', 'the value as a share of the year’s target to date'] },
  { name: ['监测覆盖率', 'monitoring coverage'], kind: 'rate', cadence: 21600, perDistrict: false, definition: ['纳入在线监测的对象占比', 'the share of objects under online monitoring'] },
  { name: ['数据上报及时率', 'reported on time'], kind: 'rate', cadence: 900, perDistrict: false, definition: ['按时上报的数据项占比', 'the share of data items reported on time'] },
  { name: ['数据质量合格率', 'data passing quality checks'], kind: 'rate', cadence: 3600, perDistrict: false, definition: ['通过完整性与一致性校验的数据占比', 'the share passing completeness and consistency checks'] },
  { name: ['问题处置完成率', 'problems resolved'], kind: 'rate', cadence: 900, perDistrict: true, definition: ['已办结问题占受理问题的比例', 'problems closed as a share of those received'] },
  { name: ['异常点位数', 'abnormal points'], kind: 'count', cadence: 300, perDistrict: true, definition: ['偏离正常范围的监测点位数', 'monitoring points outside their normal range'] },
  { name: ['今日预警次数', 'warnings today'], kind: 'count', cadence: 300, perDistrict: false, definition: ['今日零时以来触发的预警次数', 'warnings raised since midnight'] },
  { name: ['待处置工单数', 'open work orders'], kind: 'count', cadence: 300, perDistrict: false, definition: ['尚未办结的处置工单', 'work orders not yet closed'] },
  { name: ['超时工单数', 'overdue work orders'], kind: 'count', cadence: 900, perDistrict: false, definition: ['超过办理时限的工单', 'work orders past their deadline'] },
];

const THEME_CODES: Record<string, string> = {
  ecology: 'ECO', water: 'WAT', traffic: 'TRA', construction: 'CON', 'city-management': 'CTM', emergency: 'EMG', economy: 'ECN', weather: 'MET',
  'public-security': 'SEC', health: 'HLT', education: 'EDU', commerce: 'COM', market: 'MKT', population: 'POP', 'culture-tourism': 'CUL', energy: 'ENG',
  housing: 'HOU', 'civil-affairs': 'CIV', employment: 'EMP', 'gov-services': 'GOV', 'land-resources': 'LND', agriculture: 'AGR', 'ports-logistics': 'PRT', 'grid-governance': 'GRD',
};

/** Units of things counted one by one: their figures are whole numbers. */
const COUNTED = new Set(['个', '座', '起', '辆', '栋', '宗', '人', '处', '件', '户', '张', '套', '对', '支', '次', '例', '艘', '天', '人次']);
const decimalsFor = (v: number, unit = ''): number => (COUNTED.has(unit) ? 0 : Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
const roundTo = (v: number, d: number): number => Number(v.toFixed(d));

/** Bands two and three swings beyond the typical value, on the worse side. */
function bandsFor(higherBetter: boolean, base: number, spread: number, decimals: number): Indicator['bands'] {
  const s = higherBetter ? -1 : 1;
  const warning = roundTo(base + s * 2 * spread, decimals);
  // Whole-number figures with a small swing would round both bands to one value: keep them a step apart.
  const alarm = roundTo(base + s * 3 * spread, decimals);
  return { warning, alarm: alarm === warning ? roundTo(warning + s * 10 ** -decimals, decimals) : alarm };
}

function variantIndicator(theme: ThemeSpec, fig: Figure, v: Variant, id: string, rnd: () => number): Indicator {
  const [[zh, en], unit, higherBetter, base, swing, cadence, department, level] = fig;
  const name = { zh: v.name[0] ? `${zh}·${v.name[0]}` : zh, en: v.name[1] ? `${en}, ${v.name[1]}` : en };
  const definition = { zh: `${zh}${v.definition[0]}，由${DEPARTMENTS[department]![0]}报送`, en: `${en}: ${v.definition[1]}, reported by the ${DEPARTMENTS[department]![1]}` };
  const keptPerDistrict = level === 'district' && v.perDistrict;
  const sum = keptPerDistrict && v.kind !== 'rate' && unit !== '%' && !['MPa', 'kPa', 'min', '°C', 'dB(A)', 'µg/m³', 'm/s', 'km', ''].includes(unit);
  const common = { id, name, definition, theme: theme.id, department, level: keptPerDistrict ? ('district' as const) : ('city' as const), aggregate: sum ? ('sum' as const) : ('mean' as const) };
  const drift = rnd() < 0.15 ? 0.2 : 0;
  switch (v.kind) {
    case 'same': {
      const b = base * (v.factor ?? 1);
      const spread = swing * (v.factor ?? 1) + Math.abs(b) * 0.02;
      const decimals = decimalsFor(b, unit);
      const clampPct = unit === '%' ? { min: 0, max: 100 } : { min: 0 };
      return { ...common, unit, cadenceS: v.cadence || cadence, direction: higherBetter ? 'higher-better' : 'lower-better', bands: bandsFor(higherBetter, b, spread, decimals), source: { kind: 'simulated', base: roundTo(b, decimals), amplitude: roundTo(swing * (v.factor ?? 1), decimals + 1), noise: roundTo(Math.abs(b) * 0.01, decimals + 1), decimals, drift, ...clampPct } };
    }
    case 'change': {
      const b = roundTo((higherBetter ? 1 : -1) * (1 + rnd() * 4), 1);
      return { ...common, aggregate: 'mean', unit: '%', cadenceS: v.cadence, direction: higherBetter ? 'higher-better' : 'lower-better', bands: higherBetter ? { warning: -5, alarm: -10 } : { warning: 5, alarm: 10 }, source: { kind: 'simulated', base: b, amplitude: 1, noise: 0.3, decimals: 1, drift } };
    }
    case 'rate': {
      const b = roundTo(94 + rnd() * 5, 1);
      return { ...common, aggregate: 'mean', unit: '%', cadenceS: v.cadence, direction: 'higher-better', bands: { warning: 90, alarm: 80 }, source: { kind: 'simulated', base: b, amplitude: 0.8, noise: 0.4, decimals: 1, drift, min: 0, max: 100 } };
    }
    case 'count': {
      const b = Math.round(2 + rnd() * 6);
      return { ...common, unit: '个', cadenceS: v.cadence, direction: 'lower-better', bands: { warning: b * 3, alarm: b * 6 }, source: { kind: 'simulated', base: b, amplitude: Math.max(1, b / 2), noise: 1, decimals: 0, drift, min: 0 } };
    }
  }
}

/** One derived figure: the service computes it per district every 5 s (src/domains/signs/derive.ts). */
function derived(id: string, theme: string, department: string, name: Bi, definition: Bi, unit: string, feed: DerivedFeed, direction: Indicator['direction'], bands: Indicator['bands'], aggregate: Indicator['aggregate'], sensorKinds?: SensorKind[]): Indicator {
  return {
    id, theme, department, unit, name: { zh: name[0], en: name[1] }, definition: { zh: definition[0], en: definition[1] }, cadenceS: 5, direction, bands, level: 'district', aggregate,
    source: sensorKinds ? { kind: 'derived', feed, sensorKinds } : { kind: 'derived', feed },
  };
}

/** Figures the operations service derives from the live feeds (src/domains/signs/derive.ts), by theme. */
function derivedIndicators(): Indicator[] {
  const out = [
    derived('WAT-9001', 'water', 'water', ['最高河道水位', 'Highest river level'], ['各水位站最新读数的最高值', 'the highest latest reading of the river gauges'], 'm', 'max-water-level', 'lower-better', { warning: 2.2, alarm: 2.8 }, 'max'),
    derived('MET-9001', 'weather', 'weather', ['近1小时降雨量', 'Rain in the last hour'], ['各雨量站近60分钟累计雨量的平均', 'the mean over the rain gauges of the rain fallen in the last 60 minutes'], 'mm', 'rain-last-hour', 'lower-better', { warning: 30, alarm: 50 }, 'mean'),
    derived('EMG-9001', 'emergency', 'flood-hq', ['积水超15cm点位数', 'Waterlogging points over 15 cm'], ['最新读数超过15厘米的积水监测点数', 'waterlogging gauges whose latest reading is over 15 cm'], '个', 'waterlogging-points', 'lower-better', { warning: 1, alarm: 10 }, 'sum'),
    derived('TRA-9001', 'traffic', 'traffic-police', ['路网平均车速', 'Mean traffic speed'], ['由各路段拥堵指数折算的平均车速', 'the mean speed implied by the road sections’ congestion index'], 'km/h', 'traffic-speed', 'higher-better', { warning: 25, alarm: 18 }, 'mean'),
    derived('ECO-9001', 'ecology', 'ecology', ['PM2.5空气质量分指数', 'PM2.5 air quality sub-index'], ['按HJ 633-2012由PM2.5平均浓度换算的IAQI', 'the IAQI of the mean PM2.5 concentration under HJ 633-2012'], 'AQI', 'pm25-aqi', 'lower-better', { warning: 100, alarm: 150 }, 'mean'),
    derived('CTM-9001', 'city-management', 'citymgmt', ['在途泥头车数', 'Muck trucks on the road'], ['3分钟内上报且在行驶的泥头车数', 'muck trucks moving that reported in the last 3 minutes'], '辆', 'trucks-on-road', 'lower-better', { warning: 1150, alarm: 1190 }, 'sum'),
    derived('GOV-9001', 'gov-services', 'data', ['感知设备在线率', 'Sensors reporting'], ['在3倍上报周期内有读数的传感器占比', 'the share of sensors heard within three reporting intervals'], '%', 'sensors-reporting', 'higher-better', { warning: 95, alarm: 85 }, 'mean'),
  ];
  for (const t of THEMES) {
    if (!t.alarmKinds) continue;
    out.push(derived(`${THEME_CODES[t.id]}-9002`, t.id, t.figures[0]![6], [`${t.name[0]}未结告警数`, `Open ${t.name[1].toLowerCase()} alarms`], ['运营服务中未关闭的告警数', 'alarms the operations service holds open'], '个', 'open-alarms', 'lower-better', { warning: 1, alarm: 20 }, 'sum', t.alarmKinds));
  }
  return out;
}

/**
 * The smart business districts' figures (智慧商圈: Tianhe Road and Beijing Road, demonstration
 * districts since 2022), published by the operations service from its venue records each minute.
 */
function crowdIndicators(): Indicator[] {
  const figures: [CrowdFigure, Bi, Bi, string, Indicator['direction'], Indicator['bands']][] = [
    ['footfall', ['客流', 'footfall'], ['近1小时进入商圈的人数（信令电子围栏）', 'people who entered the district in the last hour (the signalling geofence)'], '人', 'higher-better', { warning: 5000, alarm: 1000 }],
    ['dwell', ['平均停留时长', 'average dwell'], ['近30分钟平均在场人数除以每分钟离开人数（利特尔法则）', 'mean people present over the last 30 minutes over those leaving per minute (Little’s law)'], '分钟', 'higher-better', { warning: 30, alarm: 15 }],
    ['parking', ['停车位占用率', 'parking occupied'], ['商圈停车场已占用泊位占总泊位的比例', 'the share of the district’s car-park spaces taken'], '%', 'lower-better', { warning: 85, alarm: 95 }],
  ];
  return VENUES.filter((v) => v.businessDistrict).flatMap((v, d) =>
    figures.map(([figure, name, definition, unit, direction, bands], f): Indicator => ({
      id: `${THEME_CODES.commerce}-${9101 + 10 * d + f}`,
      theme: 'commerce',
      department: 'commerce',
      unit,
      name: { zh: `${v.name.zh}${name[0]}`, en: `${v.name.en}: ${name[1]}` },
      definition: { zh: definition[0], en: definition[1] },
      cadenceS: 60,
      direction,
      bands,
      level: 'city',
      aggregate: 'mean',
      source: { kind: 'crowd', venue: v.id, figure },
    })),
  );
}

function cellIndicator(id: string, name: Bi, unit: string, feed: CellFeed, direction: Indicator['direction'], bands: Indicator['bands']): Indicator {
  return {
    id, theme: 'grid-governance', department: 'politics-law', unit, name: { zh: name[0], en: name[1] }, definition: { zh: `本网格的${name[0]}`, en: `${name[1].toLowerCase()} in this grid cell` }, cadenceS: 5, direction, bands, level: 'cell', aggregate: 'sum', source: { kind: 'cell', feed },
  };
}

function cellIndicators(): Indicator[] {
  return [
    cellIndicator('GRD-9101', ['感知设备数', 'Sensors'], '个', 'cell-sensors', 'higher-better', { warning: 0, alarm: -1 }),
    cellIndicator('GRD-9102', ['未结告警数', 'Open alarms'], '个', 'cell-open-alarms', 'lower-better', { warning: 1, alarm: 3 }),
    cellIndicator('GRD-9103', ['最大积水深度', 'Deepest waterlogging'], 'cm', 'cell-max-waterlogging', 'lower-better', { warning: 15, alarm: 30 }),
    cellIndicator('GRD-9104', ['建筑数', 'Buildings'], '栋', 'cell-buildings', 'higher-better', { warning: 0, alarm: -1 }),
    cellIndicator('GRD-9105', ['建筑面积', 'Floor area'], 'm²', 'cell-floor-area', 'higher-better', { warning: 0, alarm: -1 }),
  ];
}

export interface CatalogueDocument {
  version: 1;
  themes: Theme[];
  departments: Department[];
  indicators: Indicator[];
}

export function generateCatalogue(seed = 24): CatalogueDocument {
  const rnd = mulberry32(cellSeed(seed, 3000, 40));
  const indicators: Indicator[] = [];
  const fromFeeds = [...derivedIndicators(), ...crowdIndicators()];
  const themes: Theme[] = THEMES.map((t) => {
    const code = THEME_CODES[t.id]!;
    let n = 0;
    const own: Indicator[] = [];
    for (const fig of t.figures) for (const v of VARIANTS) own.push(variantIndicator(t, fig, v, `${code}-${String(++n).padStart(4, '0')}`, rnd));
    indicators.push(...own);
    const mine = fromFeeds.filter((d) => d.theme === t.id).map((d) => d.id);
    // The theme's key figures: what it derives from the live feeds, then its figures' latest values.
    const key = [...mine, ...t.figures.map((_, f) => `${code}-${String(f * VARIANTS.length + 1).padStart(4, '0')}`)].slice(0, 6);
    return { id: t.id, name: { zh: t.name[0], en: t.name[1] }, preset: { layers: t.layers, gridMetric: t.gridMetric, camera: t.camera, key } };
  });
  indicators.push(...fromFeeds, ...cellIndicators());
  const departments = Object.entries(DEPARTMENTS).map(([id, [zh, en]]) => ({ id, name: { zh, en } }));
  return { version: 1, themes, departments, indicators };
}
