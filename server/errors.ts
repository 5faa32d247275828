/**
 * Turns every error into the one JSON shape clients see:
 * `{ error: { code, message (fr), messageEn, details? } }`. Unknown errors become
 * `EQP_ERR_INTERNAL` with the request id as reference; their text never reaches the client.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EquipageError, isEquipageError } from '../core/errors.js';

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
    const details = error.validation.map((v) => ({
      path: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}`,
      message: v.message ?? 'invalid',
    }));
    return new EquipageError('EQP_ERR_VALIDATION', { details: details.map((d) => `${d.path} ${d.message}`).join('; ') }, { details });
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

/** Installs the error and not-found handlers on `app`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const coded = toEquipageError(error, request);
    if (coded.code === 'EQP_ERR_INTERNAL') request.log.error({ err: error }, 'unhandled error');
    else request.log.info({ code: coded.code }, 'request rejected');
    if (coded.code === 'EQP_ERR_RATE_LIMITED' && coded.params.retryAfter !== undefined) {
      void reply.header('retry-after', String(coded.params.retryAfter));
    }
    return reply.status(coded.status).send(errorBody(coded));
  });
  app.setNotFoundHandler((request, reply) => {
    const coded = new EquipageError('EQP_ERR_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0]}` });
    return reply.status(404).send(errorBody(coded));
  });
}
