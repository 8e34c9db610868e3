/** The sensors domain's words in both languages, merged into the catalogue by src/i18n/messages.ts. */
const zh = {
  updated: '更新时间',
  status_normal: '正常',
  status_stale: '离线过久',
  sensorLegend: '颜色表示状态，大小表示读数，描边表示类型',
  levelChart: '水位过程线',
  rainBars: '附近雨量',
} as const;

const en: Record<keyof typeof zh, string> = {
  updated: 'Updated',
  status_normal: 'normal',
  status_stale: 'stale',
  sensorLegend: 'Colour: status · size: reading · outline: kind',
  levelChart: 'Water level',
  rainBars: 'Rain nearby',
};

export const messages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    sensors: typeof zh;
  }
}
