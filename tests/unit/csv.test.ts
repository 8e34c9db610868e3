/**
 * The CSV exports (the audit trail, the alarm-load figures) opened in a spreadsheet: a cell that
 * starts like a formula is quoted as text, as OWASP's CSV-injection advice asks, for every
 * character it names (= + - @ tab and carriage return), and numbers stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/domains/alarms/alarmLoad.ts';

/** The cells of a one-row CSV as a spreadsheet reads them (RFC 4180 quoting). */
function cells(csv: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n)/gy;
  for (let m = re.exec(csv); m; m = re.exec(csv)) {
    out.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!);
    if (m[2] === '\r\n') break;
  }
  return out;
}

describe('toCsv', () => {
  it('quotes every cell that a spreadsheet would run as a formula', () => {
    const hostile = ['=1+1', '+cmd|x', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '\tplain', '\r5'];
    const read = cells(toCsv([hostile]));
    expect(read).toHaveLength(hostile.length);
    read.forEach((cell, i) => expect(cell, JSON.stringify(hostile[i])).toBe(`'${hostile[i]}`));
  });

  it('keeps numbers, signed ones too, and ordinary text as they are', () => {
    expect(cells(toCsv([[-12.5, '-3', '+4', 'WL-0150', 'a "quoted", text', null]]))).toEqual(['-12.5', '-3', '+4', 'WL-0150', 'a "quoted", text', '']);
  });
});
