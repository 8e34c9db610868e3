/**
 * The evaluation's and the wall's words in both languages. The catalogue (src/i18n/messages.ts)
 * collects each domain's messages.ts by folder, so ./messages.ts adds these to its own; the keys
 * are declared here, beside the words.
 */
const zh = {
  caseEvalTitle: '综合评价',
  caseEvalPeriod: '时段',
  caseEvalHours_24: '24 小时',
  caseEvalHours_168: '7 天',
  caseEvalHours_720: '30 天',
  caseEvalBy: '统计口径',
  caseEvalBy_department: '部门',
  caseEvalBy_district: '区',
  caseEvalBy_type: '类型',
  caseEvalRanking: '按时处置率排名',
  caseEvalRank: '名次',
  caseEvalName: '名称',
  caseEvalDispatched: '派遣',
  caseEvalOnTime: '按时',
  caseEvalClosure: '结案',
  caseEvalRework: '返工',
  caseEvalSentBack: '退回',
  caseEvalHandling: '处置用时',
  caseEvalNone: '该时段没有案件',
  caseEvalExport: '导出 CSV',
  caseFunnel: '案件漏斗 · 24 小时',
  caseFunnel_reported: '上报',
  caseFunnel_filed: '立案',
  caseFunnel_dispatched: '派遣',
  caseFunnel_handled: '处置',
  caseFunnel_closed: '结案',
  caseWallRanking: '部门按时处置率 · 前 8',
} as const;

const en: Record<keyof typeof zh, string> = {
  caseEvalTitle: 'Evaluation',
  caseEvalPeriod: 'Period',
  caseEvalHours_24: '24 h',
  caseEvalHours_168: '7 d',
  caseEvalHours_720: '30 d',
  caseEvalBy: 'By',
  caseEvalBy_department: 'Department',
  caseEvalBy_district: 'District',
  caseEvalBy_type: 'Type',
  caseEvalRanking: 'On-time rate, ranked',
  caseEvalRank: '#',
  caseEvalName: 'Name',
  caseEvalDispatched: 'Sent',
  caseEvalOnTime: 'On time',
  caseEvalClosure: 'Closed',
  caseEvalRework: 'Rework',
  caseEvalSentBack: 'Sent back',
  caseEvalHandling: 'Handling',
  caseEvalNone: 'No cases in this period',
  caseEvalExport: 'Export CSV',
  caseFunnel: 'Cases · 24 h',
  caseFunnel_reported: 'Reported',
  caseFunnel_filed: 'Filed',
  caseFunnel_dispatched: 'Dispatched',
  caseFunnel_handled: 'Handled',
  caseFunnel_closed: 'Closed',
  caseWallRanking: 'Departments on time · top 8',
};

export const evaluationMessages = { zh, en };

declare module '../../i18n/messages.ts' {
  interface DomainMessages {
    caseEvaluation: typeof zh;
  }
}
