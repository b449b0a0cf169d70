/**
 * Neutron's error contract: `{"NeutronError": {"type", "message", "detail"}}` with Neutron's status
 * codes and type names, so clients that switch on `type` (openstacksdk, Terraform) keep working.
 */
export class NeutronError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly detail = '',
  ) {
    super(message);
  }

  toBody(): { NeutronError: { type: string; message: string; detail: string } } {
    return { NeutronError: { type: this.type, message: this.message, detail: this.detail } };
  }

  /** Plain shape for carrying an error over NATS. */
  toWire(): WireError {
    return { status: this.status, type: this.type, message: this.message, detail: this.detail };
  }

  static fromWire(w: WireError): NeutronError {
    return new NeutronError(w.status, w.type, w.message, w.detail);
  }
}

export interface WireError { status: number; type: string; message: string; detail: string }

const capitalise = (s: string): string =>
  s.split(/[_\s]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');

/** Constructors for the errors Neutron users know, with Neutron's wording. */
export const Errors = {
  notFound: (member: string, id: string) =>
    new NeutronError(404, `${capitalise(member)}NotFound`, `${capitalise(member).replace(/([a-z])([A-Z])/g, '$1 $2')} ${id} could not be found.`),
  resourceNotFound: (path: string) =>
    new NeutronError(404, 'HTTPNotFound', `The resource could not be found.`, path),
  badRequest: (message: string) => new NeutronError(400, 'HTTPBadRequest', message),
  invalidInput: (reason: string) => new NeutronError(400, 'InvalidInput', `Invalid input for operation: ${reason}.`),
  invalidAttribute: (attr: string, reason: string) =>
    new NeutronError(400, 'HTTPBadRequest', `Invalid input for ${attr}. Reason: ${reason}.`),
  unrecognizedAttributes: (names: string[]) =>
    new NeutronError(400, 'HTTPBadRequest', `Unrecognized attribute(s) '${names.join(', ')}'`),
  attributeNotAllowed: (attr: string, verb: 'POST' | 'PUT') =>
    new NeutronError(400, 'HTTPBadRequest', `Attribute '${attr}' not allowed in ${verb}`),
  missingAttribute: (attr: string) =>
    new NeutronError(400, 'HTTPBadRequest', `Failed to parse request. Required attribute '${attr}' not specified`),
  malformedBody: () => new NeutronError(400, 'HTTPBadRequest', 'Malformed request body'),
  policyNotAuthorized: (action: string) =>
    new NeutronError(403, 'PolicyNotAuthorized', `(rule:${action}) is disallowed by policy`),
  notAuthenticated: () => new NeutronError(401, 'HTTPUnauthorized', 'Authentication required'),
  methodNotAllowed: () => new NeutronError(405, 'HTTPMethodNotAllowed', 'The method is not allowed for this resource.'),
  revisionConflict: (expected: number, current: number) =>
    new NeutronError(412, 'RevisionNumberConstraintFailed', `Constrained to ${expected}, but current revision is ${current}`),
  conflict: (type: string, message: string) => new NeutronError(409, type, message),
  serviceUnavailable: (message: string) => new NeutronError(503, 'ServiceUnavailable', message),
  internal: () => new NeutronError(500, 'HTTPInternalServerError', 'Request Failed: internal server error while processing your request.'),
} as const;
