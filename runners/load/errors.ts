// Input errors: anything wrong with a file a user gave us. Always names the file and, where known,
// the line and the path inside the document, e.g.
//   standards/gov-llm-2.0/safety.yaml:42 clauses[3].level: must be <= 5
// The CLI prints these without a stack trace and exits 2.

export class InputError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'InputError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
