import './config/zodJitless.ts';
import './boot/cesiumBase.ts';
import './boot/consoleHandle.ts';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import './styles.css';
import './boot/domainStyles.ts';
import './styles/phone.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { useAppStore } from './state/store.ts';
import { analysis } from './analysis/worker/analysisClient.ts';
import { liveFeed } from './live/liveFeed.ts';
import { restoreFromBrowser, startDocumentEffects } from './controllers/documentEffects.ts';

restoreFromBrowser();
startDocumentEffects();

// A read-only handle for the browser console and the end-to-end tests.
window.cantonTwin = { ...window.cantonTwin, store: useAppStore };

// Both workers start now, while the page is idle: a worker's start-up handshake runs on this
// thread, which the 3D scene keeps busy for seconds once it exists, and the first grid and
// sensor messages would wait behind it.
analysis();
liveFeed();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
