export type Lang = 'zh-CN' | 'en';

const zh = {
  appTitle: '广州数字孪生',
  layers: '图层',
  info: '信息',
  noSelection: '点击城市中的对象查看信息',
  home: '返回初始视角',
  zoomIn: '放大',
  zoomOut: '缩小',
  compass: '指北',
  language: 'English',
  languageLabel: '切换到英文',
  tilesLoading: '瓦片加载中',
  tilesDone: '瓦片已加载',
  fps: '帧率',
  fpsIdle: '静止',
  loadingCity: '正在加载城市配置…',
  configErrorTitle: '城市配置无效',
  configErrorHint: '请修正以下字段后刷新页面：',
  layerError: '数据错误',
  rejected: '已跳过',
  district: '行政区',
  adcode: '行政区划代码',
  area: '面积',
  waterArea: '水域',
  width: '宽度',
  close: '关闭',
  collapse: '收起',
  expand: '展开',
  source: '来源',
  hashIgnored: '链接中的视角无效，已忽略',
  camera: '相机',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  appTitle: 'Canton Twin',
  layers: 'Layers',
  info: 'Info',
  noSelection: 'Tap an object in the city to see its details',
  home: 'Home view',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  compass: 'Reset north',
  language: '中文',
  languageLabel: 'Switch to Chinese',
  tilesLoading: 'Loading tiles',
  tilesDone: 'Tiles loaded',
  fps: 'FPS',
  fpsIdle: 'idle',
  loadingCity: 'Loading city configuration…',
  configErrorTitle: 'Invalid city configuration',
  configErrorHint: 'Fix these fields and reload the page:',
  layerError: 'Data error',
  rejected: 'skipped',
  district: 'District',
  adcode: 'Division code',
  area: 'Area',
  waterArea: 'Water area',
  width: 'Width',
  close: 'Close',
  collapse: 'Collapse',
  expand: 'Expand',
  source: 'Source',
  hashIgnored: 'The view in the link was invalid and was ignored',
  camera: 'Camera',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };

/** Picks the zh or en member of a bilingual config text. */
export function pickText(text: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh-CN' ? text.zh : text.en;
}
