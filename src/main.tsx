import './boot/cesiumBase.ts';
import 'cesium/Build/Cesium/Widgets/widgets.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { useAppStore } from './state/store.ts';

// A read-only handle for the browser console and the end-to-end tests.
window.cantonTwin = { ...window.cantonTwin, store: useAppStore };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
