import { describe, expect, it } from 'vitest';
import { csvCell, logsToCsv } from './logs-csv';

describe('logs as CSV', () => {
  it('quotes as RFC 4180 says and keeps formulas from running in a spreadsheet', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    for (const start of ['+', '-', '@', '\t']) expect(csvCell(`${start}1`).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell(null)).toBe('');
    expect(csvCell(403)).toBe('403');
  });
  it('writes a header and one CRLF-terminated row per entry', () => {
    const csv = logsToCsv([
      { kind: 'audit', id: 1, at: '2030-01-01T00:00:00.000001Z', level: 'warn', message: 'user.create x', actor: 'a@b.c', outcome: 'denied', action: 'user.create', target: 'x', status: 403 },
      { kind: 'event', id: 2, at: '2030-01-01T00:00:00.000000Z', level: 'info', message: 'loaded, 5 rows', runId: 'r', collection: 'leads', details: {} },
    ]);
    expect(csv).toBe(
      'at,source,level,actor,action,outcome,status,collection,run_id,message\r\n' +
      '2030-01-01T00:00:00.000001Z,audit,warn,a@b.c,user.create,denied,403,,,user.create x\r\n' +
      '2030-01-01T00:00:00.000000Z,event,info,,,,,leads,r,"loaded, 5 rows"\r\n',
    );
  });
});
