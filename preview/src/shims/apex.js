/** `@salesforce/apex/Class.method` for the preview: a wired Apex method answers from the preview store. */
import { store } from '../store.js';
import { storeAdapter } from './wireAdapter.js';

export const apexAdapter = (method) => storeAdapter(() => store.getApex(method));
