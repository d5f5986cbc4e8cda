// Small made-up questions for this folder's tests, so they never depend on the real labs.
import { QuestionSchema, type Question } from './schema';

export const taskRole: Question = QuestionSchema.parse({
  id: 'task-role',
  curriculum: 'iam-roles',
  title: 'Task role or execution role?',
  choice: {
    prompt: 'Your app gets AccessDenied calling S3. Which role needs s3:GetObject?',
    options: [
      { key: 'a', text: 'The execution role', explanation: 'The execution role is what ECS uses to start the task, not what your code uses.' },
      { key: 'b', text: 'The task role', correct: true, explanation: "Your code's AWS calls are signed with the task role's credentials." },
      { key: 'c', text: 'The EC2 instance role', explanation: 'Fargate tasks have no instance role you control.' },
    ],
  },
  open: {
    prompt: 'What is each of the two roles for?',
    rubric: [
      { concept: 'the task role is what the application code uses', accept: ['task role'] },
      { concept: 'the execution role pulls the image', accept: ['pull the image', '/pull(s|ed|ing)? (the )?(container )?images?/'] },
      { concept: 'the execution role writes the logs', accept: ['write logs', 'cloudwatch logs', 'log group'] },
    ],
  },
});

export const openPorts: Question = QuestionSchema.parse({
  id: 'open-ports',
  curriculum: 'security-groups',
  title: 'Who may reach the tasks?',
  choice: {
    prompt: 'Which source should the service security group allow?',
    options: [
      { key: 'a', text: 'The load balancer security group', correct: true, explanation: 'Only the ALB needs to reach the tasks.' },
      { key: 'b', text: '0.0.0.0/0', explanation: 'That opens the tasks to the whole internet, around the load balancer.' },
    ],
  },
  open: {
    prompt: 'Why not allow 0.0.0.0/0 on the task port?',
    minConcepts: 1,
    rubric: [
      { concept: 'least privilege', accept: ['least privilege', 'only the load balancer'] },
      { concept: 'the tasks would be reachable without the load balancer', accept: ['bypass', 'around the load balancer'] },
    ],
  },
  points: 3,
});

export const questions: Question[] = [taskRole, openPorts];

export const GOOD_OPEN =
  'The task role is used by the application code for its own AWS calls. The execution role is used by ECS to pull the image from ECR and to write logs to CloudWatch.';
