import { STATUS_CODES } from 'node:http';
import { NeutronError } from '@muon/contracts';

/** Keystone's error contract: `{"error": {"code", "message", "title"}}`, which keystoneauth reads. */
export class KeystoneError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }

  get title(): string {
    return STATUS_CODES[this.status] ?? 'Error';
  }

  toBody(): { error: { code: number; message: string; title: string } } {
    return { error: { code: this.status, message: this.message, title: this.title } };
  }

  /** The gateway's own errors (a malformed JSON body, an internal failure) in Keystone's shape. */
  static from(error: unknown): KeystoneError {
    if (error instanceof KeystoneError) return error;
    if (error instanceof NeutronError) return new KeystoneError(error.status, error.message);
    const status = (error as { statusCode?: number; status?: number })?.statusCode ?? (error as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return new KeystoneError(status, String((error as Error).message));
    return KeystoneErrors.internal();
  }
}

/** The errors Keystone answers, in its wording. */
export const KeystoneErrors = {
  unauthorized: (detail?: string) => new KeystoneError(401, detail ?? 'The request you have made requires authentication.'),
  forbidden: (action: string) => new KeystoneError(403, `You are not authorized to perform the requested action: ${action}.`),
  notFound: (kind: string, id: string) => new KeystoneError(404, `Could not find ${kind}: ${id}.`),
  validation: (reason: string) => new KeystoneError(400, `Invalid input for field/attribute. ${reason}`),
  conflict: (kind: string, detail: string) => new KeystoneError(409, `Conflict occurred attempting to store ${kind} - ${detail}.`),
  methodNotAllowed: () => new KeystoneError(405, 'The method is not allowed for the requested URL.'),
  internal: () => new KeystoneError(500, 'An unexpected error prevented the server from fulfilling your request.'),
} as const;
