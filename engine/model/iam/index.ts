// The IAM view of a stack model and a policy evaluator; see roles.ts and evaluate.ts.
export * from './actions';
export * from './aws-managed-policies';
export * from './conditions';
export * from './evaluate';
export * from './grants';
export * from './policy';
export * from './references';
export * from './resource-policies';
export * from './roles';
export * from './store-keys';
export * from './task-definitions';
export * from './wildcard';
export * from './oidc';
