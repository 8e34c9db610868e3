/// <reference types="vite/client" />

/** Injected by vite.config.ts: the folder on our origin that holds Cesium's static assets. */
declare const __CESIUM_BASE_URL__: string;

interface Window {
  CESIUM_BASE_URL?: string;
}
