/**
 * A wire adapter over the preview store: computes its value from the config and re-emits (after a
 * microtask, like LDS) whenever the store changes.
 */
import { store } from '../store.js';

export function storeAdapter(compute) {
  return class StoreWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.unsubscribe = undefined;
    }

    update(config) {
      this.config = config;
      this.schedule();
    }

    connect() {
      this.unsubscribe = store.subscribe(() => this.schedule());
    }

    disconnect() {
      if (this.unsubscribe) this.unsubscribe();
      this.unsubscribe = undefined;
    }

    schedule() {
      Promise.resolve().then(() => {
        if (!this.config) return;
        const value = compute(this.config);
        if (value) this.dataCallback(value);
      });
    }
  };
}
