export * from './spec.js';
export * from './codes.js';
export * from './errors.js';
export * from './scoring/index.js';
