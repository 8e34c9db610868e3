import { useEffect } from 'react';
import { useCesium } from 'resium';
import { bindLook } from './lookSync.ts';

export function LookController() {
  const { viewer } = useCesium();
  useEffect(() => (viewer ? bindLook(viewer) : undefined), [viewer]);
  return null;
}
