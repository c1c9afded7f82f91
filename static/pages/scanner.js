// Staff scanner: gate check-in or booth lead capture in the browser, with offline verification and a queue.
//
// The device token lives in localStorage; scans made without a network are verified against the convention's
// published Ed25519 keys and revocation list (same layout as events/services/badge_codes.py) and kept in
// IndexedDB until the batch endpoint (gate) or the lead endpoint (booth) accepts them.

const API = "/api/v1";
const STORE = "messe.scanner.";
const CODE_LENGTH = 143;
const HEADER_LENGTH = 25;
const REPEAT_PAUSE_MS = 2500; // the same badge held in front of the camera is not scanned again at once
const SYNC_INTERVAL_MS = 5000;
const KEYS_INTERVAL_MS = 60000;
// A gate cannot wait for a hanging connection: after this the scan is judged offline and queued. Its nonce makes
// the later upload harmless if the server did receive the first attempt.
const SCAN_TIMEOUT_MS = 4000;
const SYNC_TIMEOUT_MS = 30000;

const strings = JSON.parse(document.getElementById("scanner-strings").textContent);
const $ = (id) => document.getElementById(id);

// --- storage -------------------------------------------------------------------------------------------------

function load(name) {
  try {
    return JSON.parse(localStorage.getItem(STORE + name));
  } catch {
    return null;
  }
}

function save(name, value) {
  if (value === null || value === undefined) localStorage.removeItem(STORE + name);
  else localStorage.setItem(STORE + name, JSON.stringify(value));
}

let database = null;

function openQueue() {
  if (database) return Promise.resolve(database);
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("messe-scanner", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("queue", { keyPath: "nonce" });
    request.onsuccess = () => {
      database = request.result;
      resolve(database);
    };
    request.onerror = () => reject(request.error);
  });
}

async function queueOperation(mode, operation) {
  const db = await openQueue();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction("queue", mode);
    const result = operation(transaction.objectStore("queue"));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
  });
}

const enqueue = (item) => queueOperation("readwrite", (store) => store.put(item));
const queued = () => queueOperation("readonly", (store) => store.getAll());
const dequeue = (nonces) =>
  queueOperation("readwrite", (store) => {
    let last = null;
    for (const nonce of nonces) last = store.delete(nonce);
    return last || store.count();
  });

// --- badge codes (offline verification) ----------------------------------------------------------------------

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

function base32Decode(text) {
  const bytes = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
    buffer &= (1 << bits) - 1;
  }
  if (buffer !== 0) return null; // only the canonical spelling is a valid code
  return new Uint8Array(bytes);
}

function readCode(code) {
  if (code.length !== CODE_LENGTH) return null;
  const raw = base32Decode(code.toUpperCase());
  if (!raw || raw.length !== HEADER_LENGTH + 64) return null;
  const view = new DataView(raw.buffer);
  if (view.getUint8(0) !== 1) return null;
  return {
    keyId: view.getUint16(1),
    conventionId: view.getUint32(3),
    registrationId: view.getUint32(7),
    badgeId: view.getUint32(11),
    ticketTypeId: view.getUint32(15),
    validDays: view.getUint16(19),
    expiresAt: view.getUint32(21),
    header: raw.slice(0, HEADER_LENGTH),
    signature: raw.slice(HEADER_LENGTH),
  };
}

function localDate(date, timeZone) {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(
    date,
  );
}

function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400000);
}

const importedKeys = new Map();

async function publicKey(keyId) {
  const keys = load("keys");
  const entry = keys && keys.keys.find((key) => key.key_id === keyId);
  if (!entry) return null;
  const cacheKey = `${keyId}:${entry.public_key}`;
  if (!importedKeys.has(cacheKey)) {
    const raw = Uint8Array.from(atob(entry.public_key), (char) => char.charCodeAt(0));
    importedKeys.set(cacheKey, await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]));
  }
  return importedKeys.get(cacheKey);
}

/** The reason an offline scanner refuses ``code``, or null when it admits it (mirrors the server's rules). */
async function offlineReason(code, checkinList, now) {
  const profile = load("profile");
  const keys = load("keys");
  const payload = readCode(code);
  if (!payload || !keys || payload.conventionId !== profile.convention.id) return { reason: "invalid_signature" };
  const key = await publicKey(payload.keyId);
  let valid = false;
  try {
    valid = key !== null && (await crypto.subtle.verify({ name: "Ed25519" }, key, payload.signature, payload.header));
  } catch {
    valid = false;
  }
  if (!valid) return { reason: "invalid_signature" };
  if (keys.revoked_badge_ids.includes(payload.badgeId)) return { reason: "revoked", payload };
  const convention = profile.convention;
  const day = localDate(now, convention.time_zone);
  const index = daysBetween(convention.start_date, day);
  const everyDay = payload.validDays === 0xffff;
  if (
    day < convention.start_date ||
    day > convention.end_date ||
    (!everyDay && (index >= 16 || !((payload.validDays >> index) & 1))) ||
    now.getTime() / 1000 > payload.expiresAt ||
    (checkinList && checkinList.days.length && !checkinList.days.includes(day))
  ) {
    return { reason: "not_valid_today", payload };
  }
  return { reason: null, payload };
}

// --- network -------------------------------------------------------------------------------------------------

class Offline extends Error {}

async function api(path, { method = "GET", body, token = load("token"), timeout = SCAN_TIMEOUT_MS } = {}) {
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Device ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(API + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout),
    });
  } catch {
    throw new Offline();
  }
  const data = await response.json().catch(() => ({}));
  return { status: response.status, data };
}

function newNonce() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return "web-" + Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function refreshKeys() {
  const profile = load("profile");
  if (!profile || profile.kind !== "gate" || !navigator.onLine) return;
  try {
    const { status, data } = await api(`/events/${profile.convention.slug}/checkin/keys/`);
    if (status === 200) save("keys", data);
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  }
}

// --- feedback ------------------------------------------------------------------------------------------------

let audio = null;

function beep(ok) {
  try {
    audio = audio || new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = ok ? 880 : 220;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + (ok ? 0.15 : 0.45));
  } catch {
    // no audio output: the colour and text still tell the result
  }
  if (navigator.vibrate) navigator.vibrate(ok ? 80 : [200, 100, 200]);
}

function reasonText(reason) {
  return strings.reasons[reason] || reason;
}

function showResult({ ok, reason, name, detail, offline }) {
  const box = $("result");
  box.className = `scan-result ${ok ? "scan-ok" : "scan-rejected"}`;
  box.hidden = false;
  const headline = ok ? strings.ok : reasonText(reason);
  $("result-headline").textContent = headline + (offline ? ` (${strings.offline})` : "");
  $("result-name").textContent = name || "";
  $("result-detail").textContent = detail || "";
  const entry = document.createElement("li");
  entry.className = ok ? "history-ok" : "history-rejected";
  entry.textContent = [headline, name].filter(Boolean).join(" · ");
  const history = $("history");
  history.prepend(entry);
  while (history.children.length > 10) history.lastElementChild.remove();
  beep(ok);
}

function attendeeName(attendee) {
  if (!attendee) return "";
  return [attendee.name, attendee.organization].filter(Boolean).join(", ");
}

async function updateQueueLength() {
  const items = await queued();
  $("queue-length").textContent = String(items.length);
  $("network-state").textContent = navigator.onLine ? strings.online : strings.offlineState;
}

// --- scanning ------------------------------------------------------------------------------------------------

function selectedList() {
  const profile = load("profile");
  const id = Number($("checkin-list").value);
  return profile.checkin_lists.find((item) => item.id === id) || null;
}

// The short registration code printed on the badge ("K7QM 2XPA"): 8 letters and digits. Only the server knows
// which badge it stands for, so it is checked online only (the same rule as ``is_registration_code``).
const REGISTRATION_CODE = /^[A-Z0-9]{8}$/;

function registrationCode(raw) {
  const code = raw.replace(/[\s-]/g, "").toUpperCase();
  return REGISTRATION_CODE.test(code) ? code : null;
}

async function scanAtGate(code) {
  const profile = load("profile");
  const checkinList = selectedList();
  const shortCode = registrationCode(code);
  if (shortCode) code = shortCode;
  const scan = { code, nonce: newNonce(), scanned_at: new Date().toISOString(), device: profile.name };
  const path = `/events/${profile.convention.slug}/checkin-lists/${checkinList.id}/scans/`;
  if (shortCode && !navigator.onLine) {
    showResult({ ok: false, reason: "needs_network_for_code", offline: true });
    return;
  }
  if (navigator.onLine) {
    try {
      const { status, data } = await api(path, { method: "POST", body: scan });
      if (status === 200) {
        const detail = data.first_scan_at
          ? `${strings.firstScan} ${new Date(data.first_scan_at).toLocaleTimeString()}`
          : "";
        showResult({ ok: data.result === "ok", reason: data.reason, name: attendeeName(data.attendee), detail });
      } else {
        showResult({ ok: false, reason: data.code || "error", detail: data.message || "" });
      }
      return;
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
    }
  }
  if (shortCode) {
    showResult({ ok: false, reason: "needs_network_for_code", offline: true });
    return;
  }
  const { reason, payload } = await offlineReason(code, checkinList, new Date(scan.scanned_at));
  let offlineRefusal = reason;
  const earlier = payload && (await queued()).find((item) => item.badgeId === payload.badgeId && item.admitted);
  if (!offlineRefusal && earlier && earlier.listId === checkinList.id) offlineRefusal = "already_checked_in";
  // Refused scans are uploaded too, so organizers see forged or misdirected badges.
  await enqueue({
    ...scan,
    kind: "scan",
    listId: checkinList.id,
    badgeId: payload ? payload.badgeId : null,
    admitted: !offlineRefusal,
  });
  const badge = payload ? `${strings.badge} ${payload.badgeId}` : "";
  showResult({ ok: !offlineRefusal, reason: offlineRefusal, name: badge, offline: true });
  await updateQueueLength();
}

async function scanAtBooth(code) {
  // A typed registration code ("K7QM 2XPA") is resolved by the server, also when the lead waits offline first:
  // unlike a gate, a booth need not decide anything before it is sent.
  const lead = { code: registrationCode(code) || code, nonce: newNonce() };
  await sendLead(lead, { show: true });
}

async function sendLead(lead, { show }) {
  const profile = load("profile");
  const path = `/exhibitors/${profile.exhibitor.id}/leads/`;
  if (navigator.onLine) {
    try {
      const { status, data } = await api(path, { method: "POST", body: lead });
      if (status === 200 || status === 201) {
        if (show) {
          const name = data.consent ? attendeeName(data) : `${strings.lead} ${data.reference}`;
          const detail = data.consent ? "" : reasonText("no_consent");
          showResult({ ok: true, name, detail });
          openLeadForm(lead.code, data);
        }
      } else if (show) {
        showResult({ ok: false, reason: data.reason || data.code || "error", detail: data.message || "" });
      }
      return;
    } catch (error) {
      if (!(error instanceof Offline)) throw error;
    }
  }
  await enqueue({ ...lead, kind: "lead", scanned_at: new Date().toISOString() });
  if (show) {
    showResult({ ok: true, name: strings.leadQueued, offline: true });
    openLeadForm(lead.code, null);
  }
  await updateQueueLength();
}

function openLeadForm(code, lead) {
  const form = $("lead-form");
  form.hidden = false;
  form.dataset.code = code;
  $("lead-notes").value = lead ? lead.notes : "";
  $("lead-rating").value = lead && lead.rating !== null ? String(lead.rating) : "";
  $("lead-tags").value = lead ? lead.tags.join(", ") : "";
}

async function handleCode(raw) {
  const code = raw.trim().toUpperCase();
  if (!code) return;
  const profile = load("profile");
  if (!profile) {
    $("setup-code").value = code;
    await signIn(code);
    return;
  }
  if (profile.kind === "gate") await scanAtGate(code);
  else await scanAtBooth(code);
}

// --- syncing -------------------------------------------------------------------------------------------------

let syncing = false;

async function sync() {
  const profile = load("profile");
  if (syncing || !profile || !navigator.onLine) return;
  syncing = true;
  try {
    const items = await queued();
    const scans = items.filter((item) => item.kind === "scan");
    const lists = new Set(scans.map((item) => item.listId));
    for (const listId of lists) {
      const batch = scans.filter((item) => item.listId === listId).slice(0, 500);
      const body = {
        scans: batch.map(({ code, nonce, scanned_at, device }) => ({ code, nonce, scanned_at, device })),
      };
      const path = `/events/${profile.convention.slug}/checkin-lists/${listId}/scans/batch/`;
      const { status } = await api(path, { method: "POST", body, timeout: SYNC_TIMEOUT_MS });
      // 4xx other than auth means the list is gone or the batch is malformed: keep it for a person to look at
      if (status === 200) await dequeue(batch.map((item) => item.nonce));
    }
    for (const item of items.filter((entry) => entry.kind === "lead")) {
      const { code, nonce, notes, rating, tags } = item;
      const lead = Object.fromEntries(
        Object.entries({ code, nonce, notes, rating, tags }).filter(([, value]) => value !== undefined),
      );
      const leadsPath = `/exhibitors/${profile.exhibitor.id}/leads/`;
      const { status } = await api(leadsPath, { method: "POST", body: lead, timeout: SYNC_TIMEOUT_MS });
      if (status < 500) await dequeue([nonce]);
    }
  } catch (error) {
    if (!(error instanceof Offline)) throw error;
  } finally {
    syncing = false;
    await updateQueueLength();
  }
}

// --- camera --------------------------------------------------------------------------------------------------

let stream = null;
let lastCode = "";
let lastCodeAt = 0;
let detector = null;

async function decodeFrame(video, canvas) {
  if (detector) {
    const found = await detector.detect(video);
    return found.length ? found[0].rawValue : null;
  }
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (!width || !height) return null;
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  context.drawImage(video, 0, 0, width, height);
  const image = context.getImageData(0, 0, width, height);
  const found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
  return found ? found.data : null;
}

async function startCamera() {
  const video = $("camera");
  const canvas = document.createElement("canvas");
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (error) {
    $("camera-state").textContent = `${strings.cameraFailed} (${error.name})`;
    return;
  }
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats();
    if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  }
  video.srcObject = stream;
  video.hidden = false;
  await video.play();
  $("camera-toggle").textContent = strings.stopCamera;
  $("camera-state").textContent = strings.cameraOn;
  let busy = false;
  const tick = async () => {
    if (!stream) return;
    if (!busy) {
      busy = true;
      try {
        const code = await decodeFrame(video, canvas);
        const now = Date.now();
        if (code && (code !== lastCode || now - lastCodeAt > REPEAT_PAUSE_MS)) {
          lastCode = code;
          lastCodeAt = now;
          await handleCode(code);
          lastCodeAt = Date.now();
        }
      } finally {
        busy = false;
      }
    }
    setTimeout(tick, 150);
  };
  tick();
}

function stopCamera() {
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  $("camera").hidden = true;
  $("camera-toggle").textContent = strings.startCamera;
  $("camera-state").textContent = "";
}

// --- sign-in and set-up --------------------------------------------------------------------------------------

async function signIn(setupCode) {
  $("setup-error").textContent = "";
  let answer;
  try {
    answer = await api("/devices/activate/", { method: "POST", body: { setup_code: setupCode }, token: null });
  } catch {
    $("setup-error").textContent = strings.needsNetwork;
    return;
  }
  if (answer.status !== 201) {
    $("setup-error").textContent = answer.data.message || strings.setupFailed;
    return;
  }
  save("token", answer.data.token);
  const profile = await api("/devices/me/");
  save("profile", profile.data);
  await refreshKeys();
  render();
}

function signOut() {
  if (!window.confirm(strings.confirmSignOut)) return;
  stopCamera();
  for (const name of ["token", "profile", "keys", "list"]) save(name, null);
  render();
}

function render() {
  const profile = load("profile");
  $("setup").hidden = Boolean(profile);
  $("station").hidden = !profile;
  $("manual").hidden = !profile;
  $("lead-form").hidden = true;
  if (!profile) return;
  $("station-title").textContent =
    profile.kind === "gate" ? strings.gateMode : `${strings.boothMode}: ${profile.exhibitor.name}`;
  $("device-name").textContent = `${profile.name} · ${profile.convention.name}`;
  const select = $("checkin-list");
  select.replaceChildren(
    ...profile.checkin_lists.map((item) => {
      const option = document.createElement("option");
      option.value = String(item.id);
      option.textContent = item.name;
      return option;
    }),
  );
  if (load("list")) select.value = String(load("list"));
  $("list-field").hidden = profile.kind !== "gate";
  updateQueueLength();
}

function bind() {
  $("setup-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn($("setup-code").value.trim().toUpperCase());
  });
  $("manual-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    // Taken from the field before the check runs: a code typed during a slow check must not be cleared after it.
    const input = $("manual-code");
    const code = input.value;
    input.value = "";
    input.focus();
    await handleCode(code);
  });
  $("checkin-list").addEventListener("change", (event) => save("list", Number(event.target.value)));
  $("camera-toggle").addEventListener("click", () => (stream ? stopCamera() : startCamera()));
  $("sign-out").addEventListener("click", signOut);
  $("lead-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const rating = $("lead-rating").value;
    const lead = {
      code: form.dataset.code,
      nonce: newNonce(),
      notes: $("lead-notes").value,
      tags: $("lead-tags")
        .value.split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    if (rating !== "") lead.rating = Number(rating);
    await sendLead(lead, { show: false });
    $("lead-saved").textContent = navigator.onLine ? strings.leadSaved : strings.leadQueued;
  });
  window.addEventListener("online", () => {
    refreshKeys();
    sync();
  });
  window.addEventListener("offline", updateQueueLength);
  setInterval(sync, SYNC_INTERVAL_MS);
  setInterval(refreshKeys, KEYS_INTERVAL_MS);
}

if ("serviceWorker" in navigator) {
  // The page can then be reopened without a network; scanning itself does not depend on it.
  navigator.serviceWorker.register("/scan/worker.js", { scope: "/scan/" }).catch(() => {});
}
bind();
render();
refreshKeys().then(sync);
