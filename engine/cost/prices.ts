// The price table the cost model reads (data/prices.json: US East on-demand list prices with their
// sources and the month they were read). The deploy estimate (engine/aws/deploy/prices.ts) uses
// the same numbers; this one adds the Fargate Spot discount and is data, so a lab can show it.
import table from './data/prices.json';

export type CpuArchitecture = 'X86_64' | 'ARM64';

export interface PriceTable {
  region: string;
  currency: string;
  date: string;
  sources: Record<string, string>;
  hoursPerMonth: number;
  fargate: Record<CpuArchitecture, { vcpuHour: number; gbHour: number }>;
  /** Fargate Spot's discount off the Fargate price, as a fraction (0.7 = 70 % off). */
  fargateSpotDiscount: number;
  albHour: number;
  albLcuHour: number;
  natGatewayHour: number;
  publicIpv4Hour: number;
  interfaceEndpointAzHour: number;
}

export const PRICE_TABLE: PriceTable = table as PriceTable;

/** Fargate sizes are CPU units (1024 = 1 vCPU) and MiB (1024 = 1 GB as Fargate bills it). */
export const CPU_UNITS_PER_VCPU = 1024;
export const MIB_PER_GB = 1024;

/** The on-demand price of one task of this size for one hour. */
export function taskHourPrice(cpuUnits: number, memoryMiB: number, arch: CpuArchitecture, prices: PriceTable = PRICE_TABLE): number {
  const p = prices.fargate[arch];
  return (cpuUnits / CPU_UNITS_PER_VCPU) * p.vcpuHour + (memoryMiB / MIB_PER_GB) * p.gbHour;
}
