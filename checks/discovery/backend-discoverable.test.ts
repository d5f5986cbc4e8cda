import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { backendDiscoverable } from './backend-discoverable';
import { twoServices } from './fixtures';

describe('discovery.backend-discoverable', () => {
  it('Compliance 1: Service Connect, the frontend a client in the same namespace', async () => {
    expect((await checkStack(backendDiscoverable, twoServices())).status).toBe('pass');
  });

  it('Compliance 2: Cloud Map DNS in the VPC the frontend runs in', async () => {
    expect((await checkStack(backendDiscoverable, twoServices({ how: 'cloud-map' }))).status).toBe('pass');
  });

  it('Noncompliance 1: the frontend is not a Service Connect client', async () => {
    const r = await checkStack(backendDiscoverable, twoServices({ frontendClient: false }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'service Frontend/Service cannot discover backend Backend/Service: the backend publishes backend through Service Connect in namespace internal, and Frontend/Service is not a Service Connect client in that namespace',
    ]);
  });

  it('Noncompliance 2: the backend publishes nothing (the guard)', async () => {
    const r = await checkStack(backendDiscoverable, twoServices({ unpublished: true }));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/^no service outside the load balancer publishes a name/);
    expect(r.findings[0].constructPath).toBe('Test/Backend/Service');
  });
});
