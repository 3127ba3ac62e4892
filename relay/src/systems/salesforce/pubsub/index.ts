/**
 * @module
 * Change Data Capture over Salesforce's Pub/Sub API: open a {@link openPubSubChannel channel},
 * {@link subscribe} with the stored replay id, and let {@link nextStep} say what follows the
 * outcome. The events are {@link ChangeEvent}s; {@link isOwnChange} spots the relay's own writes.
 */
export {
  openPubSubChannel,
  PUBSUB_ENDPOINT,
  type PubSubAuth,
  type PubSubChannel,
  type PubSubChannelOptions,
} from './channel.ts';
export { isOwnChange, SchemaCache, type ChangeEvent, type ChangeType } from './decode.ts';
export { nextStep, type NextStep, type PubSubOutcome, type PubSubOutcomeCode } from './outcome.ts';
export { MAX_BATCH, subscribe, type ReceivedEvent, type SubscribeOptions } from './subscriber.ts';
