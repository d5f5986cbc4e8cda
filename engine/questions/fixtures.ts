// Small made-up questions for this folder's tests, so they never depend on the real labs: one
// key question with an item of every kind, and one small second question.
import { drawLab, type Draw } from './draw';
import { QuestionSchema, type Question } from './schema';

const reflection = {
  prompt: 'What is each of the two roles for, and how do you keep each one small?',
  modelAnswer: 'The execution role is the ECS agent’s; the task role is the app’s own identity. Each gets only what its job needs.',
  selfCheck: ['Did you say who uses each role?', 'Did you say when each is used?', 'Did you say how each is kept small?'],
};

export const roles: Question = QuestionSchema.parse({
  id: 'roles',
  curriculum: 'security/q/iam-role-separation',
  title: 'Task role or execution role?',
  draw: 6,
  items: [
    {
      id: 's3-denied',
      kind: 'choice',
      teaches: 'brief#who-uses-which-role',
      prompt: 'Your app gets AccessDenied calling S3. Which role needs s3:GetObject?',
      options: [
        { key: 'a', text: 'The execution role of the task', explanation: 'The execution role is what ECS uses to start the task, not what your code uses.' },
        { key: 'b', text: 'The task role of the task', correct: true, explanation: "Right. Your code's AWS calls are signed with the task role's credentials." },
        { key: 'c', text: 'The EC2 instance role', explanation: 'Fargate tasks have no instance role you control at all.' },
      ],
    },
    {
      id: 'agent-needs',
      kind: 'multi',
      teaches: 'brief#who-uses-which-role',
      prompt: 'Which does the ECS agent do with the execution role? Select all that apply.',
      options: [
        { key: 'a', text: 'Pull the image from ECR', correct: true, explanation: 'The agent pulls the image before your code runs.' },
        { key: 'b', text: 'Read the assets bucket of the app', explanation: 'Your app reads the bucket, with the task role.' },
        { key: 'c', text: 'Create the log stream', correct: true, explanation: 'The agent creates the log stream for the container.' },
        { key: 'd', text: 'Assume the task role', explanation: 'Nobody assumes the task role through the execution role.' },
      ],
    },
    {
      id: 'permission-to-role',
      kind: 'match',
      teaches: 'brief#least-privilege',
      prompt: 'Put each permission with the role that needs it.',
      pairs: [
        { left: 'ecr:BatchGetImage', right: 'execution role' },
        { left: 's3:GetObject on the assets bucket', right: 'task role' },
        { left: 'logs:CreateLogStream', right: 'execution role' },
      ],
      distractors: ['nobody'],
      explanation: 'Image pulls and log streams are the agent’s job; the bucket is the app’s.',
    },
    {
      id: 'rotation-steps',
      kind: 'order',
      teaches: 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
      prompt: 'Order the steps of a single-user rotation.',
      steps: ['createSecret', 'setSecret', 'testSecret', 'finishSecret'],
      explanation: 'Create the new version, set it in the database, test it, then move the AWSCURRENT label.',
    },
    {
      id: 'https-port',
      kind: 'exact',
      teaches: 'brief#least-privilege',
      prompt: 'Which port does the listener serve HTTPS on?',
      answer: 443,
      accept: ['https'],
      format: 'number',
      explanation: 'HTTPS listens on 443 by convention and in this lab.',
    },
    {
      id: 'least-privilege-in-stack',
      kind: 'evidence',
      teaches: 'brief#least-privilege',
      prompt: 'Give the task role only what the app needs.',
      check: 'iam.task-role-least-privilege',
      explanation: 'Your task role reads one bucket and nothing else.',
    },
  ],
  reflection,
});

export const network: Question = QuestionSchema.parse({
  id: 'network',
  curriculum: 'infrastructure/q/network',
  title: 'Who may reach the tasks?',
  items: [
    { id: 'vpc-cidr', kind: 'exact', teaches: 'brief#least-privilege', prompt: 'Which CIDR is the VPC?', answer: '10.0.0.0/16', format: 'cidr', explanation: 'The lab VPC is 10.0.0.0/16.' },
    { id: 'pull-action', kind: 'exact', teaches: 'brief#least-privilege', prompt: 'Which action pulls a layer?', answer: 'ecr:GetDownloadUrlForLayer', format: 'arn-action', explanation: 'Layers are fetched through a download URL.' },
    { id: 'timeout', kind: 'exact', teaches: 'brief#least-privilege', prompt: 'Health check timeout in seconds?', answer: '5', format: 'number', tolerance: 1, explanation: 'Five seconds, give or take one, is the default here.' },
    { id: 'sg-name', kind: 'exact', teaches: 'brief#least-privilege', prompt: 'What name does the service security group have?', answer: 'Service SG', explanation: 'The stack names it Service SG.' },
  ],
  reflection,
});

export const questions: Question[] = [roles, network];

export const LAB = 'security/iam-roles';
export const SECTIONS = new Map([
  ['who-uses-which-role', 'Who uses which role, and when'],
  ['least-privilege', 'Least privilege, concretely'],
]);

export function fullDraw(seed = 'seed-1'): Draw {
  return drawLab(questions, LAB, seed);
}

export const REFLECTION =
  'The execution role belongs to the ECS agent, which pulls the image, creates the log stream and fetches injected secrets before the app starts. The task role is the application’s own identity, used for its AWS calls, here reading one bucket.';
