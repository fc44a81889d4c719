// The server settings orchestration rules read, from the loaded settings.
import { DEFAULT_SETTINGS, type OrchestrationSettings } from '@prefect-server-ts/orchestration';
import type { Settings } from '@prefect-server-ts/settings';

export function orchestrationSettings({ concurrency }: Settings): OrchestrationSettings {
  return {
    ...DEFAULT_SETTINGS,
    initialDeploymentLeaseDurationSeconds: concurrency.initialDeploymentLeaseDurationSeconds,
    deploymentSlotWaitSeconds: concurrency.deploymentSlotWaitSeconds,
    slotDecay: concurrency.slotDecay,
  };
}
