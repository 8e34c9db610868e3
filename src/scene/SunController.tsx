import { useEffect } from 'react';
import { useCesium } from 'resium';
import { bindSun } from './sunSync.ts';

export function SunController() {
  const { viewer } = useCesium();
  useEffect(() => (viewer ? bindSun(viewer) : undefined), [viewer]);
  return null;
}
