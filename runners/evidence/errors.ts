// A problem with an evidence file's bytes or format: the suite cannot read it, so a check that needs it
// gives `error` (never pass, never fail) with a message naming the file, and where known the row, line
// and column (CSV) or line and path (JSON).

export interface Position {
  /** 1-based data row (header excluded); 0 for the header. */
  row?: number;
  /** 1-based line in the file. */
  line?: number;
  /** CSV column name, or JSON path. */
  column?: string;
}

export class EvidenceReadError extends Error {
  readonly file: string;
  readonly position: Position;
  /** The message without the file and position. */
  readonly detail: string;
  constructor(file: string, detail: string, position: Position = {}) {
    const where = [
      position.line !== undefined ? `:${position.line}` : '',
      position.row !== undefined ? (position.row === 0 ? ' header' : ` row ${position.row}`) : '',
    ].join('');
    super(`${file}${where}: ${detail}`);
    this.name = 'EvidenceReadError';
    this.file = file;
    this.position = position;
    this.detail = detail;
  }
}
