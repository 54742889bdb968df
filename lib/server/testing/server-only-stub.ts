// Stands in for the 'server-only' package outside Next's bundler (tests).
export {};
