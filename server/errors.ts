/**
 * Turns every error into the one JSON shape clients see:
 * `{ error: { code, message (fr), messageEn, details? } }`. Unknown errors become
 * `EQP_ERR_INTERNAL` with the request id as reference; their text never reaches the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import localizeFrModule from 'ajv-i18n/localize/fr/index.js';
import type { Localize } from 'ajv-i18n/localize/types.js';
import { EquipageError, isEquipageError } from '../core/errors.js';

// The typings declare an ES default export; at run time the CommonJS export is the function itself.
const localizeFr: Localize = (localizeFrModule as unknown as { default?: Localize }).default ?? (localizeFrModule as unknown as Localize);

/** The JSON body of an error response. */
export interface ErrorBody {
  error: { code: string; message: string; messageEn: string; details?: unknown };
}

/** Serializes an {@link EquipageError}. */
export function errorBody(error: EquipageError): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.localized('fr'),
      messageEn: error.localized('en'),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
}

function toEquipageError(error: FastifyError, request: FastifyRequest): EquipageError {
  if (isEquipageError(error)) return error;
  if (error.validation) {
    const details = validationDetails(error.validation, error.validationContext ?? 'body');
    return new EquipageError('EQP_ERR_VALIDATION', { details: details.map((d) => d.path).join(', ') }, { details });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new EquipageError('EQP_ERR_PAYLOAD_TOO_LARGE', { limit: `${Math.round(request.routeOptions.bodyLimit ?? 0) / 1024 / 1024} Mo` });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new EquipageError('EQP_ERR_UNSUPPORTED_MEDIA_TYPE', { type: request.headers['content-type'] ?? '(aucun)' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new EquipageError('EQP_ERR_VALIDATION', { details: 'corps JSON invalide / invalid JSON body' });
    default:
      break;
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new EquipageError('EQP_ERR_VALIDATION', { details: error.message });
  }
  return new EquipageError('EQP_ERR_INTERNAL', { requestId: request.id }, { cause: error });
}

type SchemaError = NonNullable<FastifyError['validation']>[number];

/**
 * Each schema violation as `{ path, message (fr), messageEn }`, like the problems the use cases
 * report. The path names the field itself, also for a missing or unexpected property. French
 * messages come from ajv-i18n; Ajv's own messages are the English ones.
 */
export function validationDetails(errors: readonly SchemaError[], context: string): Array<{ path: string; message: string; messageEn: string }> {
  const french = errors.map((e) => ({ ...e }));
  localizeFr(french as unknown as Parameters<typeof localizeFr>[0]);
  return errors.map((e, i) => {
    const params = (e.params ?? {}) as { missingProperty?: unknown; additionalProperty?: unknown };
    const child = e.keyword === 'required' ? params.missingProperty : e.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
    const path = `${context}${e.instancePath ? e.instancePath.replaceAll('/', '.') : ''}${typeof child === 'string' ? `.${child}` : ''}`;
    return { path, message: french[i]?.message ?? e.message ?? 'invalide', messageEn: e.message ?? 'invalid' };
  });
}

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) => {
    const coded = new EquipageError('EQP_ERR_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0]}` });
    return reply.status(404).send(errorBody(coded));
  });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a URL that is not valid
 * percent-encoded UTF-8...) get the same coded shape as every other error.
 */
export function handleFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendError(error, request, reply);
}

/** Answers any error with its coded JSON body (and `Retry-After` when rate limited). */
function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const coded = toEquipageError(error, request);
  if (coded.code === 'EQP_ERR_INTERNAL') request.log.error({ err: error }, 'unhandled error');
  else request.log.info({ code: coded.code }, 'request rejected');
  if (coded.code === 'EQP_ERR_RATE_LIMITED' && coded.params.retryAfter !== undefined) {
    void reply.header('retry-after', String(coded.params.retryAfter));
  }
  return reply.status(coded.status).send(errorBody(coded));
}
