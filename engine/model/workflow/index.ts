// The GitHub Actions workflow model: parse (GitHub's parser + yaml lines), load from a workspace.
export * from './expressions';
export * from './load';
export * from './parse';
export * from './types';
export * from './uses';
