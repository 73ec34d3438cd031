// After the first paint, tell the shell (as Tryggplan's UI does), for the start-up benchmark.
requestAnimationFrame(() => setTimeout(() => window.__TAURI_INTERNALS__.invoke('first_paint'), 0));
