// Whether a request conforms to the contract, and what to answer when it does not; whether a
// response the sandbox made does. Every way a request can fail here is a client bug, so each
// is recorded as a violation (server.ts), even when the sandbox still answers normally.
import { fieldErrors, findOperation, type Operation } from './contract';
import { notFound, problem, validationProblem, type ApiResponse, type FieldError } from './http';
import { RULES } from './rules';

export interface RequestToCheck {
  method: string;
  pathname: string;
  query: Record<string, string>;
  contentType: string | undefined;
  /** The body as text; undefined when there was none. */
  rawBody: string | undefined;
  /** Over the size limit: the body was not read, so it is not checked. */
  tooLarge: boolean;
}

export interface RequestCheck {
  /** What does not conform, one line each (`body.name: must be string`); empty when it conforms. */
  violations: string[];
  /** The answer when there is no such operation or a path parameter is wrong (given before the scope check). */
  routeProblem?: ApiResponse;
  /** The answer when the query or body is wrong (given after the scope check). */
  inputProblem?: ApiResponse;
  operation?: Operation;
  /** The {id} path parameter, decoded. */
  id: string;
  /** The query, coerced to the declared types with the declared defaults (as received when it does not conform). */
  query: Record<string, unknown>;
  /** The parsed body with the declared defaults. */
  body: unknown;
}

const lines = (where: string, errors: readonly FieldError[]): string[] =>
  errors.map((e) => `${where}${e.path ? `.${e.path}` : ''}: ${e.message}`);

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export function checkRequest(req: RequestToCheck): RequestCheck {
  const check: RequestCheck = { violations: [], id: '', query: { ...req.query }, body: undefined };
  const found = findOperation(req.method, req.pathname);
  if ('missing' in found) {
    if (found.missing === 'path') {
      check.violations.push(`operation: the contract has no path ${req.pathname}`);
      check.routeProblem = notFound(`No route for ${req.pathname}`);
    } else {
      check.violations.push(`operation: the contract has no ${req.method} on ${req.pathname}`);
      check.routeProblem = problem(405, 'method_not_allowed', `${req.method} is not allowed on ${req.pathname}`, {
        headers: { Allow: found.allowed.join(', ') },
      });
    }
    return check;
  }
  const { operation, segments } = found;
  check.operation = operation;

  const params = Object.fromEntries(operation.pathParams.map((name, i) => [name, decode(segments[i] ?? '')]));
  const undecodable = Object.keys(params).filter((name) => params[name] === undefined);
  if (undecodable.length > 0 || !operation.checkPath(params)) {
    check.violations.push(
      ...undecodable.map((name) => `path.${name}: not valid percent-encoded UTF-8`),
      ...(undecodable.length > 0 ? [] : lines('path', fieldErrors(operation.checkPath, params))),
    );
    // x-undocumented: a malformed id answers 404, like an unknown one.
    check.routeProblem = notFound();
    return check;
  }
  check.id = params.id ?? '';

  // x-undocumented: parameters the contract does not list are ignored, but sending one is a
  // violation: the client would depend on something (a search, a sort) no page documents.
  for (const name of Object.keys(req.query)) {
    if (!operation.queryParams.has(name)) check.violations.push(`query.${name}: not a parameter of ${operation.key}`);
  }
  const known = Object.fromEntries(Object.entries(req.query).filter(([name]) => operation.queryParams.has(name)));
  const queryErrors = operation.checkQuery(known) ? [] : fieldErrors(operation.checkQuery, known);
  if (queryErrors.length === 0) check.query = known;

  let bodyErrors: FieldError[] = [];
  if (operation.checkBody === undefined) {
    if (req.rawBody !== undefined) check.violations.push(`body: ${operation.key} takes no body`);
  } else if (!req.tooLarge) {
    // The contract leaves requestBody.required at false, yet every body schema needs fields:
    // a missing body is treated as a wrong one. x-undocumented: 415 for another media type,
    // 400 for an empty or unparsable body.
    const mediaType = (req.contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      check.violations.push(`body: sent as ${mediaType || 'no media type'}, the contract takes application/json`);
      check.inputProblem = problem(415, 'unsupported_media_type', 'Send the body as application/json');
      return check;
    }
    if (req.rawBody === undefined || req.rawBody.trim() === '') {
      check.violations.push('body: missing');
      check.inputProblem = problem(400, 'invalid_json', 'The request body is empty; send a JSON object');
      return check;
    }
    try {
      check.body = JSON.parse(req.rawBody);
    } catch (error) {
      check.violations.push('body: not JSON');
      check.inputProblem = problem(400, 'invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
      return check;
    }
    if (!operation.checkBody(check.body)) bodyErrors = fieldErrors(operation.checkBody, check.body);
  }

  if (queryErrors.length === 0 && bodyErrors.length === 0) {
    for (const rule of RULES[operation.key] ?? []) bodyErrors.push(...rule(check.query, check.body));
  }
  const errors = [...queryErrors, ...bodyErrors];
  if (errors.length > 0) {
    check.violations.push(...lines('query', queryErrors), ...lines('body', bodyErrors));
    check.inputProblem = validationProblem(errors);
  }
  return check;
}

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** How a response of `operation` the sandbox made differs from what the contract documents. */
export function checkResponse(operation: Operation, response: ApiResponse): string[] {
  const status = String(response.status);
  const documented = operation.responses.get(operation.responses.has(status) ? status : 'default');
  if (documented === undefined) return [`status ${response.status} is not a response of ${operation.key}`];
  if (documented === null) return response.json === undefined && response.text === undefined ? [] : ['a body where none is documented'];
  if (response.json === undefined) return ['no JSON body where one is documented'];
  const mediaType = response.problem ? PROBLEM_MEDIA_TYPE : 'application/json';
  const validate = documented.get(mediaType)?.();
  if (!validate) return [`${mediaType} is not documented for ${response.status}`];
  return validate(response.json) ? [] : lines('body', fieldErrors(validate, response.json));
}
