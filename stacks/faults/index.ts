// ecs-lab's library of AWS FIS experiments. A lab that declares `library: ['faults']` gets this
// folder as ./faults in the learner's workspace: `import { StopTasksExperiment } from './faults'`.
export * from './guard-rails';
export * from './experiment';
export * from './ecs-task-target';
export * from './stop-tasks';
export * from './az-outage';
export * from './cpu-stress';
export * from './network-latency';
export * from './task-actions';
export * from './task-readiness';
