// Imported first by main.tsx: Cesium resolves its Workers and Assets against this URL, and
// imports are hoisted, so it must be set before any module that loads Cesium runs.
window.CESIUM_BASE_URL = __CESIUM_BASE_URL__;
