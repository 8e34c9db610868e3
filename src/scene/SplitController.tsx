import { useEffect } from 'react';
import { useCesium } from 'resium';
import { bindSplit } from './splitSync.ts';

export function SplitController() {
  const { scene } = useCesium();
  useEffect(() => (scene ? bindSplit(scene) : undefined), [scene]);
  return null;
}
