// The schedule board (templates/pages/organizer/board/). The page works without this script: every card's title
// links to its move form. This adds, on top, talking to the same move view (Accept: application/json):
// - dragging a card to another room or time, its bottom edge to change its end, between the grid and the
//   unscheduled list (mouse or pen; on touch screens the move form is the way);
// - the same with keys on the focused card (Space picks up, arrows move, Shift+arrows resize, U takes it off
//   the grid, Enter/Space puts down, Escape cancels), announced in a live region;
// - a refused move (the service's message) shown next to the card, and nothing changed;
// - live updates: the board asks every few seconds whether anything changed and redraws only then.

const status = document.getElementById("board-status");
const alertRegion = document.getElementById("board-alert");
const pauseButton = document.getElementById("board-pause");
const csrfToken = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

let drag = null; // pointer drag in progress
let grab = null; // keyboard move in progress
let suppressClick = false;
let paused = false;
let refreshing = null;

const board = () => document.getElementById("board");
const text = (key, values = {}) =>
  (board().dataset[key] ?? "").replace(/%\((\w+)\)s/g, (_, name) => values[name] ?? "");
const toMinutes = (hhmm) => {
  if (!hhmm) return null;
  const [hours, minutes] = hhmm.split(":").map(Number);
  return hours * 60 + minutes;
};
const hhmm = (minutes) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

function geometry() {
  const data = board().dataset;
  return { start: toMinutes(data.windowStart), ppm: Number(data.ppm), step: Number(data.step) };
}

function snap(minutes, step) {
  return Math.round(minutes / step) * step;
}

function say(message, { assertive = false } = {}) {
  const region = assertive ? alertRegion : status;
  region.textContent = "";
  // A fresh text node after clearing makes screen readers announce a repeated message again.
  window.setTimeout(() => (region.textContent = message), 30);
}

function columns() {
  return [...board().querySelectorAll(".room-col")];
}

function cardPlace(card) {
  const column = card.closest(".room-col");
  return {
    room: card.dataset.room,
    roomName: column?.dataset.roomName ?? "",
    start: toMinutes(card.dataset.start),
    end: toMinutes(card.dataset.end),
    unscheduled: !column,
  };
}

function describe(place) {
  if (place.unscheduled) return text("sUnscheduled");
  return text("sWhere", { room: place.roomName, start: hhmm(place.start), end: hhmm(place.end) });
}

// --- the ghost: where the card would go -------------------------------------------------------------------

function showGhost(card, place) {
  let ghost = board().querySelector(".card.ghost");
  if (!ghost) {
    ghost = card.cloneNode(true);
    ghost.removeAttribute("id");
    ghost.classList.add("ghost");
    ghost.setAttribute("aria-hidden", "true");
    for (const link of ghost.querySelectorAll("a")) link.removeAttribute("href");
  }
  const unscheduledList = board().querySelector(".unscheduled");
  for (const target of [...columns(), unscheduledList]) target.classList.remove("drop-target");
  if (place.unscheduled) {
    ghost.remove();
    unscheduledList.classList.add("drop-target");
    return;
  }
  const column = columns().find((col) => col.dataset.room === String(place.room));
  const { start, ppm } = geometry();
  ghost.style.top = `${(place.start - start) * ppm}px`;
  ghost.style.height = `${Math.max((place.end - place.start) * ppm, 8)}px`;
  ghost.style.removeProperty("--lane");
  ghost.style.removeProperty("--lanes");
  const line = ghost.querySelector(".card-line");
  if (line) line.textContent = `${hhmm(place.start)}–${hhmm(place.end)}`;
  ghost.classList.toggle("refusing", outsideHours(place));
  column.append(ghost);
  column.classList.add("drop-target");
  ghost.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function clearGhost() {
  board().querySelector(".card.ghost")?.remove();
  for (const target of board().querySelectorAll(".drop-target")) target.classList.remove("drop-target");
}

function outsideHours(place) {
  const data = board().dataset;
  const opens = toMinutes(data.opens);
  const closes = toMinutes(data.closes);
  return opens === null || place.start < opens || place.end > closes;
}

// --- saving a move through the move view ----------------------------------------------------------------

function samePlace(a, b) {
  if (a.unscheduled || b.unscheduled) return a.unscheduled === b.unscheduled;
  return String(a.room) === String(b.room) && a.start === b.start && a.end === b.end;
}

async function commit(card, place) {
  clearGhost();
  const before = cardPlace(card);
  if (samePlace(before, place)) {
    say(text("sCancelled", { title: card.dataset.title }));
    return;
  }
  const body = new FormData();
  body.set("version", card.dataset.version);
  if (place.unscheduled) {
    body.set("action", "unschedule");
  } else {
    body.set("action", "move");
    body.set("room", place.room);
    body.set("day", board().dataset.day);
    body.set("start", hhmm(place.start));
    body.set("end", hhmm(place.end));
  }
  const id = card.dataset.id;
  card.classList.add("saving");
  say(text("sSaving"));
  let response;
  let answer = {};
  try {
    response = await fetch(card.querySelector(".card-title").href, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
      credentials: "same-origin",
    });
    answer = await response.json();
  } catch {
    card.classList.remove("saving");
    showRefusal(id, text("sNetwork"));
    return;
  }
  await refresh({ force: true });
  if (response.ok) {
    say(answer.message);
    focusCard(id);
  } else {
    showRefusal(id, answer.message || text("sRefused"), answer.code);
  }
}

function showRefusal(id, message, code = "") {
  for (const old of document.querySelectorAll(".card-refusal")) old.remove();
  const card = document.getElementById(`s-${id}`);
  say(`${text("sRefused")}: ${message}${code === "stale_edit" ? ` ${text("sUpdated")}` : ""}`, { assertive: true });
  if (!card) return;
  card.classList.remove("saving");
  card.classList.add("refused");
  const note = document.createElement("div");
  note.className = "card-refusal";
  note.dataset.code = code;
  note.setAttribute("role", "note");
  const paragraph = document.createElement("p");
  paragraph.style.margin = "0";
  paragraph.textContent = message;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = text("sClose");
  close.addEventListener("click", () => {
    note.remove();
    card.classList.remove("refused");
    focusCard(id);
  });
  note.append(paragraph, close);
  if (card.closest(".room-col")) {
    note.style.top = `${card.offsetTop + card.offsetHeight + 2}px`;
    note.style.left = "2px";
    card.after(note);
  } else {
    note.style.position = "static";
    card.after(note);
  }
  focusCard(id);
}

function focusCard(id) {
  const title = document.querySelector(`#s-${CSS.escape(String(id))} .card-title`);
  title?.focus({ preventScroll: false });
}

// --- live updates ---------------------------------------------------------------------------------------

async function refresh({ force = false } = {}) {
  if (!force && (paused || document.hidden || drag || grab)) return;
  if (refreshing) return refreshing;
  const current = board();
  const url = new URL(current.dataset.url, window.location.href);
  url.searchParams.set("fragment", "1");
  if (!force) url.searchParams.set("since", current.dataset.stamp);
  refreshing = (async () => {
    let response;
    try {
      response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" });
    } catch {
      return; // offline: keep the picture, try at the next tick
    }
    if (response.status !== 200) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    const fresh = template.content.getElementById("board");
    if (!fresh || (!force && (drag || grab))) return;
    const focused = document.activeElement?.closest?.(".card")?.id;
    const scroll = current.querySelector(".board-scroll");
    const side = current.querySelector(".board-side");
    const offsets = [scroll.scrollLeft, scroll.scrollTop, side.scrollTop];
    current.replaceWith(fresh);
    const freshScroll = fresh.querySelector(".board-scroll");
    [freshScroll.scrollLeft, freshScroll.scrollTop] = offsets;
    fresh.querySelector(".board-side").scrollTop = offsets[2];
    if (focused) document.querySelector(`#${CSS.escape(focused)} .card-title`)?.focus({ preventScroll: true });
  })();
  try {
    await refreshing;
  } finally {
    refreshing = null;
  }
}

// --- pointer: drag to move, drag the bottom edge to resize ---------------------------------------------

function placeFromPointer(event) {
  const under = document.elementFromPoint(event.clientX, event.clientY);
  if (under?.closest(".unscheduled")) return { unscheduled: true };
  let column = under?.closest(".room-col");
  const { start, ppm, step } = geometry();
  if (drag.mode === "resize") column = drag.card.closest(".room-col");
  if (!column) return null;
  const top = event.clientY - column.getBoundingClientRect().top;
  if (drag.mode === "resize") {
    const begin = toMinutes(drag.card.dataset.start);
    const end = Math.max(begin + step, snap(start + top / ppm, step));
    return { room: column.dataset.room, roomName: column.dataset.roomName, start: begin, end, unscheduled: false };
  }
  const minutes = Number(drag.card.dataset.minutes) || 30;
  const begin = snap(start + (top - drag.grabOffset) / ppm, step);
  return {
    room: column.dataset.room,
    roomName: column.dataset.roomName,
    start: begin,
    end: begin + minutes,
    unscheduled: false,
  };
}

document.addEventListener("pointerdown", (event) => {
  const card = event.target.closest?.("#board .card.editable");
  if (!card || event.button !== 0 || event.pointerType === "touch" || grab) return;
  const rect = card.getBoundingClientRect();
  drag = {
    card,
    mode: event.target.closest(".card-grip") ? "resize" : "move",
    x: event.clientX,
    y: event.clientY,
    grabOffset: card.closest(".room-col") ? event.clientY - rect.top : 0,
    started: false,
    place: null,
  };
});

document.addEventListener("pointermove", (event) => {
  if (!drag) return;
  if (!drag.started) {
    if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 5) return;
    drag.started = true;
    drag.card.classList.add("grabbed");
    document.body.style.userSelect = "none";
  }
  const place = placeFromPointer(event);
  if (place) {
    drag.place = place;
    showGhost(drag.card, place);
  }
  event.preventDefault();
});

document.addEventListener("pointerup", (event) => {
  if (!drag) return;
  const { card, started, place } = drag;
  drag = null;
  document.body.style.userSelect = "";
  card.classList.remove("grabbed");
  if (!started) return;
  suppressClick = true; // the click that ends a drag does not open the move form
  window.setTimeout(() => (suppressClick = false), 0);
  if (place) commit(card, place);
  else clearGhost();
  event.preventDefault();
});

document.addEventListener("pointercancel", () => {
  if (!drag) return;
  drag.card.classList.remove("grabbed");
  drag = null;
  clearGhost();
});

document.addEventListener(
  "click",
  (event) => {
    if (suppressClick && event.target.closest?.("#board")) {
      event.preventDefault();
      event.stopPropagation();
      suppressClick = false;
    }
  },
  true,
);

document.addEventListener("dragstart", (event) => {
  if (event.target.closest?.("#board .card")) event.preventDefault(); // no native link dragging
});

// --- keyboard: the same moves from the focused card ----------------------------------------------------

function firstPlace(card) {
  const data = board().dataset;
  const column = columns()[0];
  const begin = toMinutes(data.opens) ?? toMinutes(data.windowStart);
  const minutes = Number(card.dataset.minutes) || 30;
  return {
    room: column.dataset.room,
    roomName: column.dataset.roomName,
    start: begin,
    end: begin + minutes,
    unscheduled: false,
  };
}

function stepPlace(place, key, shift) {
  const { step } = geometry();
  const cols = columns();
  const next = { ...place };
  if (key === "ArrowUp" || key === "ArrowDown") {
    const delta = key === "ArrowUp" ? -step : step;
    if (shift) {
      next.end = Math.max(next.start + step, next.end + delta);
    } else {
      next.start += delta;
      next.end += delta;
    }
  } else {
    const index = cols.findIndex((col) => col.dataset.room === String(place.room));
    const target = cols[index + (key === "ArrowLeft" ? -1 : 1)];
    if (!target) return place;
    next.room = target.dataset.room;
    next.roomName = target.dataset.roomName;
  }
  return next;
}

document.addEventListener("keydown", (event) => {
  const card = event.target.closest?.("#board .card");
  if (!card || card.classList.contains("ghost")) return;
  const key = event.key;
  if (!grab) {
    if (key === " " && card.classList.contains("editable")) {
      event.preventDefault();
      const place = cardPlace(card);
      grab = { card, place: place.unscheduled ? firstPlace(card) : place };
      card.classList.add("grabbed");
      showGhost(card, grab.place);
      say(text("sPicked", { title: card.dataset.title, when: describe(grab.place) }));
    }
    return;
  }
  if (grab.card !== card) return;
  if (key.startsWith("Arrow")) {
    event.preventDefault();
    const base = grab.place.unscheduled ? firstPlace(card) : grab.place;
    grab.place = stepPlace(base, key, event.shiftKey) ?? base;
    showGhost(card, grab.place);
    say(describe(grab.place));
  } else if (key === "u" || key === "U") {
    event.preventDefault();
    grab.place = { unscheduled: true };
    showGhost(card, grab.place);
    say(describe(grab.place));
  } else if (key === "Enter" || key === " ") {
    event.preventDefault();
    const { place } = grab;
    grab = null;
    card.classList.remove("grabbed");
    commit(card, place);
  } else if (key === "Escape") {
    event.preventDefault();
    cancelGrab();
  } else if (key === "Tab") {
    cancelGrab();
  }
});

function cancelGrab() {
  if (!grab) return;
  const { card } = grab;
  grab = null;
  card.classList.remove("grabbed");
  clearGhost();
  say(text("sCancelled", { title: card.dataset.title }));
}

// --- start ----------------------------------------------------------------------------------------------

if (pauseButton) {
  pauseButton.hidden = false;
  pauseButton.addEventListener("click", () => {
    paused = !paused;
    pauseButton.textContent = paused ? pauseButton.dataset.resume : pauseButton.dataset.pause;
    if (!paused) refresh();
  });
}
const pollSeconds = Number(board()?.dataset.poll) || 10;
window.setInterval(() => refresh(), pollSeconds * 1000);
document.addEventListener("visibilitychange", () => {
  if (!document.hidden) refresh();
});
