// Live dashboard: re-fetches the server-rendered chart panels every few seconds. Updates can be paused
// (WCAG 2.2.2). Nothing is announced on each update (every 15 s would drown a screen reader); the time of the
// last update is shown next to the pause button.

const button = document.getElementById("refresh-toggle");
const intervalMs = Number(button.dataset.interval) * 1000;
let paused = false;

async function refresh() {
  if (paused || document.hidden) return;
  const url = new URL(window.location.href);
  url.searchParams.set("fragment", "1");
  let response;
  try {
    response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
  } catch {
    return; // offline: keep the last picture, try again at the next tick
  }
  if (!response.ok) return;
  const template = document.createElement("template");
  template.innerHTML = await response.text();
  const panels = template.content.getElementById("dashboard-panels");
  const current = document.getElementById("dashboard-panels");
  if (!panels || !current) return;
  // Keep open data tables open across updates.
  for (const details of current.querySelectorAll("details[open]")) {
    const twin = panels.querySelector(`#${CSS.escape(details.id)}`);
    if (twin) twin.open = true;
  }
  current.replaceWith(panels);
  const generated = new Date(panels.dataset.generatedAt);
  const time = document.getElementById("updated-at");
  time.dateTime = panels.dataset.generatedAt;
  time.textContent = generated.toLocaleTimeString(document.documentElement.lang, {
    hour12: false,
    timeZone: button.dataset.timeZone,
  });
}

button.hidden = false;
button.addEventListener("click", () => {
  paused = !paused;
  button.textContent = paused ? button.dataset.resume : button.dataset.pause;
  if (!paused) refresh();
});
setInterval(refresh, intervalMs);
