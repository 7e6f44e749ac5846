/**
 * Structured logger port (pino-compatible). Fields carry ids and codes only:
 * never message text, names, phone numbers, addresses or free-text answers.
 */
export interface LogFields {
  [key: string]: string | number | boolean | null | undefined | string[];
}

export interface Logger {
  debug(fields: LogFields, msg: string): void;
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
  child(fields: LogFields): Logger;
}
