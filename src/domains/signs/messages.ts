/** The vital signs domain's words in both languages, merged into the catalogue by src/i18n/messages.ts. */
const zh = {
  themeHealth: '体征状态',
  openAlarmsByKind: '未结告警分类',
  themes: '体征主题',
  trend: '趋势',
  higherBetter: '越高越好',
  lowerBetter: '越低越好',
  department: '责任部门',
  cadence: '上报周期',
  levelCity: '全市',
  levelDistrict: '分区',
  levelCell: '网格',
  sourceDerived: '由实时数据计算',
  sourceCell: '网格汇总',
  sourceDepartment: '部门系统报送',
  latest: '最新值',
  searchSignsHint: '输入体征名称（中文或英文）',
  noMatch: '没有匹配的体征',
} as const;

const en: Record<keyof typeof zh, string> = {
  themeHealth: 'Signs by state',
  openAlarmsByKind: 'Open alarms by kind',
  themes: 'Vital-sign themes',
  trend: 'Trend',
  higherBetter: 'higher is better',
  lowerBetter: 'lower is better',
  department: 'Department',
  cadence: 'Cadence',
  levelCity: 'city',
  levelDistrict: 'per district',
  levelCell: 'per grid cell',
  sourceDerived: 'derived from the live feeds',
  sourceCell: 'from the cell',
  sourceDepartment: 'reported by the department',
  latest: 'Latest',
  searchSignsHint: 'Type a sign’s name (Chinese or English)',
  noMatch: 'No sign matches',
};

export const messages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    signs: typeof zh;
  }
}
