/** The flood and typhoon domain's words in both languages, merged into the catalogue by src/i18n/messages.ts. */
const zh = {
  floodPanel: '防汛指挥',
  aboveWarning: '超警戒站点',
  aboveAlarm: '超警报站点',
  cellsAffected: '受影响网格',
  peopleAffected: '受影响人口（估算）',
  floodSource_live: '实时水位',
  floodSource_whatif: '假设水位',
  riverLevel: '江河水位',
  preparingFlood: '正在构建淹没模型…',
  floodError: '淹没分析失败',
  placesLeft: '剩余容量',
  assignedShelter: '分配至',
  notPlaced: '未能安置',
  shelterFlooded: '已被淹，停用',
  shelterOpen: '可用',
  districtSheltersFlooded: '避难场所 {n}（受淹 {f}）',
  districtPump: '泵站 {n}',
  districtShelter: '避难场所 {n}',
  lowLying: '低洼易涝区',
  waterDepth: '水深',
  computedIn: '计算耗时',
  noFlood: '当前水位下无淹没',
  floodMethod: '方法：水位站水位按水力连通填洼（含堤防与沿程水头损失），详见 docs/flood.md',
  selectCellForShelters: '点选受影响网格查看避护场所',
  buildingsUnit: '栋受淹',
} as const;

const en: Record<keyof typeof zh, string> = {
  floodPanel: 'Flood control',
  aboveWarning: 'Stations above warning',
  aboveAlarm: 'Stations above alarm',
  cellsAffected: 'Cells affected',
  peopleAffected: 'People affected (est.)',
  floodSource_live: 'Live gauges',
  floodSource_whatif: 'What-if level',
  riverLevel: 'River level',
  preparingFlood: 'Building the flood model…',
  floodError: 'Flood analysis failed',
  placesLeft: 'places left',
  assignedShelter: 'Assigned to',
  notPlaced: 'Not placed',
  shelterFlooded: 'Flooded, closed',
  shelterOpen: 'Open',
  districtSheltersFlooded: '{n} shelters ({f} flooded)',
  districtPump: '{n} pump',
  districtShelter: '{n} shelter',
  lowLying: 'Low-lying zone',
  waterDepth: 'Water depth',
  computedIn: 'Computed in',
  noFlood: 'Nothing floods at these levels',
  floodMethod: 'Method: level-pool fill from each gauge over the DEM (with embankments and overland head loss); see docs/flood.md',
  selectCellForShelters: 'Tap an affected cell to see its shelters',
  buildingsUnit: 'flooded bldgs',
};

export const messages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    flood: typeof zh;
  }
}
