/**
 * `CreateReportSubscription`: the webhook trigger "When a field report is created or updated".
 * Power Automate calls it when a flow using the trigger is saved, with its own callback URL
 * (`x-ms-notification-url`), and keeps the `Location` of the 201 to delete the subscription
 * (DeleteReportSubscription) when the flow or its trigger goes away.
 *
 * In the definition, the 201's schema is the NOTIFICATION each delivery POSTs to the callback URL
 * (what the flow gets as dynamic content); the subscribe call itself answers the subscription.
 */
import { createSubscription, type SubscribeInput } from '../../../core/field-reports/webhooks/subscriptions.js';
import { MAX_CALLBACK_URL_LENGTH } from '../../../core/field-reports/webhooks/url-guard.js';
import { requireCaller } from '../../../server/auth/authenticate.js';
import { externalBaseUrl, PRIVATE_NO_STORE } from './deps.js';
import { FIELDOPS_BASE_PATH, prop, type FieldOpsRoute, type Schema } from './operation.js';
import { CATEGORY_CODE_PATTERN, defaultResponse, reportSchema } from './schemas.js';

/** The body of every webhook notification (core/field-reports/webhooks/payload.ts). */
export const notificationSchema: Schema = {
  type: 'object',
  required: ['deliveryId', 'subscriptionId', 'eventId', 'event', 'occurredAt', 'report'],
  additionalProperties: false,
  properties: {
    deliveryId: prop('Delivery ID', 'Identifier of this notification, the same on every retry: use it to ignore a notification received twice.', {
      type: 'string',
      format: 'uuid',
    }),
    subscriptionId: prop('Subscription ID', 'Identifier of the subscription the notification is sent for.', { type: 'string', format: 'uuid' }),
    eventId: prop('Event ID', 'Sequence number of the change of the report that the notification tells about.', { type: 'string' }),
    event: prop('Event', 'What happened to the report: created or updated.', { type: 'string', enum: ['created', 'updated'] }),
    occurredAt: prop('Occurred At', 'When the report was created or changed (ISO 8601).', { type: 'string', format: 'date-time' }),
    report: prop('Report', 'The report as it is when the notification is sent.', reportSchema),
  },
};

export const createReportSubscriptionRoute: FieldOpsRoute = {
  def: {
    operationId: 'CreateReportSubscription',
    method: 'POST',
    path: '/subscriptions',
    summary: 'When a field report is created or updated',
    description:
      'Starts a flow each time a field report is created or changes, for example when its status or its photos change. ' +
      'Notifications can be limited to new reports, to changes, or to one category of reports.',
    parameters: [],
    body: {
      name: 'body',
      summary: 'Subscription',
      description: 'Where to send the notifications, and which reports they are about.',
      schema: {
        type: 'object',
        required: ['callbackUrl'],
        additionalProperties: false,
        properties: {
          callbackUrl: prop('Callback URL', 'The address the notifications are posted to; Power Automate fills it in.', {
            type: 'string',
            minLength: 1,
            maxLength: MAX_CALLBACK_URL_LENGTH,
            'x-ms-notification-url': true,
            'x-ms-visibility': 'internal',
          }),
          event: prop('Event', 'Which changes start the flow: created (new reports only), updated (changes only) or all (both, the default).', {
            type: 'string',
            enum: ['all', 'created', 'updated'],
            default: 'all',
            'x-ms-visibility': 'important',
          }),
          category: prop('Category', 'Code of the only category of reports to be notified about. Every category when empty.', {
            type: 'string',
            pattern: CATEGORY_CODE_PATTERN,
            'x-ms-visibility': 'important',
            'x-ms-dynamic-values': { operationId: 'ListReportCategories', 'value-collection': 'value', 'value-path': 'code', 'value-title': 'label' },
          }),
          secret: prop(
            'Signing Secret',
            'Secret used to sign the notifications (X-Equipage-Signature header). Generated and returned once when not given; Power Automate does not need it.',
            { type: 'string', minLength: 16, maxLength: 256, 'x-ms-visibility': 'advanced' },
          ),
        },
      },
    },
    responses: {
      '201': {
        description: 'Subscribed: the Location header is the address that deletes the subscription. Each notification has this body.',
        schema: notificationSchema,
        notification: true,
        headers: { Location: { type: 'string', description: 'Address of the subscription, to delete it with DeleteReportSubscription.' } },
      },
      default: defaultResponse,
    },
    extensions: {
      'x-ms-trigger': 'single',
      'x-ms-trigger-hint': 'To see it work, create a field report or change the status of one.',
    },
  },
  handler: (ctx) => async (request, reply) => {
    const view = await createSubscription(ctx.storage.db, requireCaller(request), request.body as SubscribeInput, {
      allowLocal: ctx.config.fieldOpsWebhooks.allowLocal,
    });
    void reply.header('cache-control', PRIVATE_NO_STORE);
    // Power Automate keeps this absolute URL and sends DELETE to it when the flow goes away.
    void reply.header('location', `${externalBaseUrl(ctx, request)}${FIELDOPS_BASE_PATH}/subscriptions/${view.id}`);
    return reply.status(201).send(view);
  },
};
