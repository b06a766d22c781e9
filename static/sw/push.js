/* Web Push: see sw.js. */
