// The lead form runs here; the editor issue fills it in.
export {};
