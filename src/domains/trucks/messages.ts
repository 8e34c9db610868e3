/** The muck trucks domain's words in both languages, merged into the catalogue by src/i18n/messages.ts. */
const zh = {
  tabTrucks: '泥头车治理',
  muckTruck: '泥头车',
  approvedRoute: '核准路线',
  openViolations: '在办违规',
  trucksOnRoad: '在途车辆',
  openNow: '当前违规',
  closedSeen: '已结束',
  byRule: '按规则统计',
  byDistrict: '按行政区统计',
  allRules: '全部',
  scopeToday: '今日累计',
  scopeSeen: '本页打开以来',
  replayDay: '回放当日轨迹',
  replaySignIn: '登录值班账号后可回放轨迹',
  replayOf: '当日轨迹',
  play: '播放',
  pause: '暂停',
  noTrack: '今日尚无轨迹',
  topCompanies: '违规最多的企业',
  evidence: '证据轨迹',
  started: '开始',
  ended: '结束',
  noViolations: '暂无违规',
  zone: '限行区',
  peakSpeed: '最高车速',
  violationAt: '违规地点',
} as const;

const en: Record<keyof typeof zh, string> = {
  tabTrucks: 'Muck trucks',
  muckTruck: 'Muck truck',
  approvedRoute: 'Approved route',
  openViolations: 'Open violations',
  trucksOnRoad: 'On the road',
  openNow: 'Open now',
  closedSeen: 'Closed',
  byRule: 'By rule',
  byDistrict: 'By district',
  allRules: 'All',
  scopeToday: 'today',
  scopeSeen: 'since this page opened',
  replayDay: 'Replay its day',
  replaySignIn: 'Sign in as a duty officer to replay a track',
  replayOf: 'Day track',
  play: 'Play',
  pause: 'Pause',
  noTrack: 'No track today yet',
  topCompanies: 'Companies with the most',
  evidence: 'Evidence track',
  started: 'Started',
  ended: 'Ended',
  noViolations: 'No violations',
  zone: 'Zone',
  peakSpeed: 'Top speed',
  violationAt: 'Place',
};

export const messages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    trucks: typeof zh;
  }
}
