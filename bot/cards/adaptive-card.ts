/**
 * Minimal Adaptive Card building blocks (schema 1.5, the highest version Teams renders on every
 * client, mobile included). Plain JSON: no SDK types, so cards survive a change of bot SDK.
 */

/** The schema version every card of the bot targets. */
export const ADAPTIVE_CARD_VERSION = '1.5';

/** MIME type of an Adaptive Card attachment. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** One element of a card body (TextBlock, FactSet, Container…), as plain JSON. */
export type CardElement = { type: string } & Record<string, unknown>;

/** A card action (Action.Submit, Action.OpenUrl…), as plain JSON. */
export type CardAction = { type: string; title: string } & Record<string, unknown>;

/** An Adaptive Card document. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: typeof ADAPTIVE_CARD_VERSION;
  body: CardElement[];
  actions?: CardAction[];
  /** Universal Actions: how Teams fetches the card's current state (HR request cards). */
  refresh?: { action: CardAction; userIds?: string[] };
}

/** Wraps body elements and actions into a 1.5 card. */
export function adaptiveCard(body: CardElement[], actions: CardAction[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

/** A wrapping text block. */
export function textBlock(text: string, style: { size?: 'Small' | 'Medium' | 'Large'; weight?: 'Bolder'; subtle?: boolean; spacing?: 'Medium' | 'Large' } = {}): CardElement {
  return { type: 'TextBlock', text, wrap: true, ...style };
}

/** A label/value list. */
export function factSet(facts: Array<{ title: string; value: string }>): CardElement {
  return { type: 'FactSet', facts };
}

/**
 * A button that posts `text` into the conversation as if the person had typed it (Teams `imBack`),
 * so it goes through the same path as a typed command.
 */
export function imBackAction(title: string, text: string): CardAction {
  return { type: 'Action.Submit', title, data: { msteams: { type: 'imBack', value: text } } };
}

/**
 * A button that sends `verb` and `data` to the bot as an `adaptiveCard/action` invoke
 * (Universal Actions): the bot answers with the card that replaces this one, so the card updates
 * in place. `data.action` repeats the verb so the same data works from an Action.Submit.
 */
export function executeAction(title: string, verb: string, data: Record<string, unknown> = {}, options: { style?: 'positive' | 'destructive' } = {}): CardAction {
  return { type: 'Action.Execute', title, verb, data: { ...data, action: verb }, ...(options.style ? { style: options.style } : {}) };
}

/** A button opening a URL (in Teams: the browser, or the document viewer on mobile). */
export function openUrlAction(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

/** Buttons inside the body (under the element they belong to). */
export function actionSet(actions: CardAction[]): CardElement {
  return { type: 'ActionSet', actions };
}

/** A group of elements, optionally separated from what precedes it. */
export function container(items: CardElement[], options: { separator?: boolean; spacing?: 'Small' | 'Medium' | 'Large'; style?: 'emphasis' | 'good' | 'attention' | 'warning' | 'accent' } = {}): CardElement {
  return { type: 'Container', items, ...options };
}
