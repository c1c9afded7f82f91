// Live figures on the organizers' operations pages: each "live" block is fetched again every few seconds from
// the same page with ?fragment=<name> and swapped in place. Updates can be paused (WCAG 2.2.2); a block that says
// it is finished (data-finished) stops its updates. Without JavaScript the page shows a reload link.

for (const button of document.querySelectorAll("button.live-toggle")) {
  const targetId = button.dataset.live;
  const intervalMs = Number(button.dataset.interval) * 1000;
  let paused = false;
  let timer = null;

  const refresh = async () => {
    const current = document.getElementById(targetId);
    if (paused || document.hidden || !current) return;
    const url = new URL(window.location.href);
    url.searchParams.set("fragment", current.dataset.fragment);
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    } catch {
      return; // offline: keep the last figures, try again at the next tick
    }
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const fresh = template.content.getElementById(targetId);
    if (!fresh) return;
    current.replaceWith(fresh);
    if (fresh.dataset.finished === "true") {
      clearInterval(timer);
      button.hidden = true;
    }
  };

  const start = document.getElementById(targetId);
  if (start && start.dataset.finished === "true") continue;
  button.hidden = false;
  button.addEventListener("click", () => {
    paused = !paused;
    button.textContent = paused ? button.dataset.resume : button.dataset.pause;
    if (!paused) refresh();
  });
  timer = setInterval(refresh, intervalMs);
}
