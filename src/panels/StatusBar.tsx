import { useT } from '../ui/useT.ts';
import { useAppStore } from '../state/store.ts';

export function StatusBar() {
  const t = useT();
  const scene = useAppStore((s) => s.scene);
  const camera = useAppStore((s) => s.camera);
  const notices = useAppStore((s) => s.notices);
  const loading = scene.tilesPending > 0;
  const progress = scene.tilesPeak > 0 ? 1 - scene.tilesPending / scene.tilesPeak : 1;
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className="status-item" data-testid="tiles-status">
        {loading ? `${t('tilesLoading')} ${scene.tilesPending}` : t('tilesDone')}
        <progress max={1} value={progress} aria-label={t('tilesLoading')} />
      </span>
      {scene.modelPending > 0 && (
        <span className="status-item" data-testid="model-status">
          {t('modelLoading')} {scene.modelPending}
          <progress max={1} value={scene.modelPeak > 0 ? 1 - scene.modelPending / scene.modelPeak : 1} aria-label={t('modelLoading')} />
        </span>
      )}
      <span className="status-item" data-testid="fps">
        {t('fps')} {scene.fps > 0 ? scene.fps : t('fpsIdle')}
      </span>
      {camera && (
        <span className="status-item mono" data-testid="camera-readout">
          {camera.lon.toFixed(4)}°E {camera.lat.toFixed(4)}°N · {camera.height >= 1000 ? `${(camera.height / 1000).toFixed(1)} km` : `${camera.height.toFixed(0)} m`}
        </span>
      )}
      {notices.length > 0 && (
        <span className="status-item notice" role="status">
          {notices[notices.length - 1]}
        </span>
      )}
    </footer>
  );
}
