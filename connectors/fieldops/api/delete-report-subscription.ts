/**
 * `DeleteReportSubscription`: Power Automate deletes the subscription of the webhook trigger
 * through the `Location` that CreateReportSubscription answered, when the flow or its trigger is
 * deleted. Internal: never offered to makers as an action.
 */
import { deleteSubscription } from '../../../core/field-reports/webhooks/subscriptions.js';
import { requireCaller } from '../../../server/auth/authenticate.js';
import type { FieldOpsRoute } from './operation.js';
import { defaultResponse, UUID_PATTERN } from './schemas.js';

export const deleteReportSubscriptionRoute: FieldOpsRoute = {
  def: {
    operationId: 'DeleteReportSubscription',
    method: 'DELETE',
    path: '/subscriptions/{subscriptionId}',
    summary: 'Delete a subscription to field report changes',
    description:
      'Stops the notifications of a subscription made by the trigger on field reports, and cancels those not yet delivered. ' +
      'Only the person who subscribed can delete it; deleting it again succeeds.',
    visibility: 'internal',
    parameters: [
      {
        name: 'subscriptionId',
        in: 'path',
        required: true,
        summary: 'Subscription ID',
        description: 'Identifier of the subscription, the last segment of the Location returned when subscribing.',
        visibility: 'important',
        schema: { type: 'string', pattern: UUID_PATTERN },
      },
    ],
    responses: {
      '204': { description: 'The subscription is deleted.' },
      default: defaultResponse,
    },
  },
  handler: (ctx) => async (request, reply) => {
    const { subscriptionId } = request.params as { subscriptionId: string };
    await deleteSubscription(ctx.storage.db, requireCaller(request), subscriptionId.toLowerCase());
    return reply.status(204).send();
  },
};
