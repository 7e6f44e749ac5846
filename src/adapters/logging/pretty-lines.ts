/**
 * Development only (issue 14): pino's JSON lines as short readable lines, without a dependency.
 * "11:38:02 WARN  operator: a signaalpunt has a mail target but SMTP_URL is not set  code=MAIL_NOT_CONFIGURED signaalpuntId=GM0718".
 * Production keeps JSON for the log pipeline. Fields pass as pino wrote them (redaction happened there).
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'v']);

export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time = typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 19) : '--:--:--';
  const level = (LEVELS[Number(entry.level)] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [`${time} ${level} ${String(entry.msg ?? '')}`, ...fields].join('  ').trimEnd();
}

/** A pino destination that writes `prettyLine` of each line to `out`. */
export function prettyLines(out: { write(text: string): unknown }): { write(chunk: string): void } {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.trim() !== '') out.write(`${prettyLine(line)}\n`);
    },
  };
}
