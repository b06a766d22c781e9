/* The installable app and the offline trip sheet: see sw.js. */
