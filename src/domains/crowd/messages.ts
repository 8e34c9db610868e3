/** The crowds and major events domain's words in both languages, merged into the catalogue by src/i18n/messages.ts. */
const zh = {
  tabEvents: '重大活动',
  heatLegend: '人流密度（人/km²）',
  crowdUnit_hex: 'H3 六边形',
  crowdUnit_cell: '网格',
  crowdAsOf: '数据时刻',
  crowdTotal: '全市在城人数',
  inflow: '流入',
  outflow: '流出',
  perMinute: '人/分',
  forecast30: '30分钟预测',
  metroFlow: '地铁站客流',
  stationIn: '进站',
  stationOut: '出站',
  businessDistricts: '智慧商圈',
  eventPlan: '活动方案',
  perimeter: '安保围界',
  checkpoints: '检查点',
  choosePerimeter: '用规划工具画一个区域作为围界，再添加点作为检查点',
  drawPerimeter: '画围界',
  drawCheckpoint: '加检查点',
  planDensity: '规划密度（人/m²）',
  peopleInside: '围界内人数',
  perCheckpoint: '每检查点进入',
  noCrowd: '等待人流数据……',
  venueHint: '点选场所查看趋势与预测',
  netFlow: '净流入',
} as const;

const en: Record<keyof typeof zh, string> = {
  tabEvents: 'Major events',
  heatLegend: 'Crowd density (people per km²)',
  crowdUnit_hex: 'H3 hexagons',
  crowdUnit_cell: 'Grid cells',
  crowdAsOf: 'As of',
  crowdTotal: 'People in the city',
  inflow: 'Inflow',
  outflow: 'Outflow',
  perMinute: '/min',
  forecast30: '30-minute forecast',
  metroFlow: 'Metro station flow',
  stationIn: 'In',
  stationOut: 'Out',
  businessDistricts: 'Smart business districts',
  eventPlan: 'Event plan',
  perimeter: 'Security perimeter',
  checkpoints: 'Checkpoints',
  choosePerimeter: 'Draw an area with the planner tools as the perimeter, then add points as checkpoints',
  drawPerimeter: 'Draw perimeter',
  drawCheckpoint: 'Add checkpoint',
  planDensity: 'Planning density (people/m²)',
  peopleInside: 'People inside',
  perCheckpoint: 'Entries per checkpoint',
  noCrowd: 'Waiting for crowd data…',
  venueHint: 'Tap a venue for its trend and forecast',
  netFlow: 'Net inflow',
};

export const messages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    crowd: typeof zh;
  }
}
