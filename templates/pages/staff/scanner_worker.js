{% load static %}// Keeps the scanner page usable when it is reopened without a network: the page and its files are fetched
// from the network when possible (so a new version arrives at once) and from this cache when not.
// API calls are never cached; offline scans wait in IndexedDB instead.
const CACHE = "messe-scanner-v1";
const FILES = [
  "{% url 'web:scanner' %}",
  "{% static 'pages/scanner.js' %}",
  "{% static 'vendor/jsqr/jsQR.js' %}",
  "{% static 'pages/messe.css' %}",
  "{% static 'pages/staff.css' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok && FILES.includes(url.pathname)) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
        }
        return response;
      })
      .catch(() => caches.match(url.pathname).then((cached) => cached || Response.error())),
  );
});
