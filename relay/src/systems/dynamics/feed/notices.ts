/**
 * @module
 * What the feed asks of the webhook notices the Dynamics route stores (built beside the feed, and
 * handed to it): the changes waiting per connection, oldest first, and marking those the feed has
 * read into the inbox. The feed imports nothing of that store; this is the whole contract.
 */

/** One row a webhook said changed. */
export interface PendingChange {
  readonly id: string;
  /** The table's logical name (`account`). */
  readonly entity: string;
  /** The row's GUID. */
  readonly rowId: string;
  readonly messageName: 'Create' | 'Update' | 'Delete';
  /** When Dataverse ran the operation (ISO-8601 UTC). */
  readonly changedAt: string;
  /** The row after the operation; the feed reads the row instead (an image has none of the related rows). */
  readonly postImage?: Readonly<Record<string, unknown>>;
}

export interface NoticeQueue {
  pending(connectionId: string, limit: number): Promise<readonly PendingChange[]>;
  done(connectionId: string, changes: readonly PendingChange[]): Promise<void>;
}
