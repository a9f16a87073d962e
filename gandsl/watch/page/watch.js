// gandsl watch: renders the server's state (sent whole over server-sent events) without reloads.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, text = "") => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
};
const SVG = "http://www.w3.org/2000/svg";
const svgEl = (tag, attrs = {}) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};

let state = null;
let graphShape = "";
const explore = { node: "", key: "", picked: [], timer: 0, request: 0 };

// -- header, error, progress, log ----------------------------------------------------------

function renderHeader(s) {
  $("recipe").textContent = s.recipe;
  const badge = $("run-state");
  badge.dataset.state = s.run.state;
  badge.textContent = s.run.state;
  $("summary").textContent = s.run.summary || "";
  document.title = `${s.run.state} · gandsl watch`;
}

function renderError(s) {
  $("error").hidden = !s.error;
  $("error-text").textContent = s.error ? s.error.text : "";
}

function fields(f) {
  return Object.entries(f).map(([k, v]) => `${k}=${typeof v === "number" ? +v.toPrecision(4) : v}`).join("  ");
}

function renderProgress(s) {
  $("progress").hidden = s.progress.length === 0;
  const bars = $("bars");
  bars.replaceChildren(...s.progress.map((b) => {
    const row = el("div", { class: "bar" });
    const pct = Math.min(100, (100 * b.done) / b.total);
    row.append(el("span", { class: "bar-label" }, b.label),
      Object.assign(el("progress", { max: String(b.total) }), { value: b.done }),
      el("span", { class: "bar-count" }, `${b.done}/${b.total} ${pct.toFixed(0)}%`),
      el("span", { class: "bar-fields" }, fields(b.fields)));
    return row;
  }));
}

function renderLog(s) {
  $("log-panel").hidden = s.log.length === 0;
  $("log").replaceChildren(...s.log.slice(-12).map((l) => el("li", { class: l.level }, l.text)));
}

// -- the DAG -----------------------------------------------------------------------------

const BOX = { w: 156, h: 58, dx: 52, dy: 14, pad: 8 };

function renderGraph(s) {
  const svg = $("dag");
  const shape = JSON.stringify([s.nodes.map((n) => [n.name, n.op, n.col, n.row]), s.edges,
    svg.parentElement.clientWidth]);
  if (shape !== graphShape) {
    graphShape = shape;
    drawGraph(svg, s);
  }
  for (const n of s.nodes) {
    const g = svg.querySelector(`g.node[data-name="${CSS.escape(n.name)}"]`);
    if (!g) continue;
    g.dataset.status = n.status;
    const secs = n.seconds == null ? "" : ` · ${n.seconds.toFixed(1)}s`;
    g.querySelector(".status").textContent = `${n.status === "idle" ? "not needed" : n.status}${secs}`;
    g.querySelector("title").textContent =
      `${n.name}: ${n.stage} ${n.op} — ${n.status}${secs}${n.reason ? "\n" + n.reason : ""}${n.note ? "\n" + n.note : ""}`;
  }
}

// Depth runs left to right, or top to bottom when that does not fit the panel's width (phones).
function drawGraph(svg, s) {
  const cols = Math.max(0, ...s.nodes.map((n) => n.col)) + 1;
  const rows = Math.max(0, ...s.nodes.map((n) => n.row)) + 1;
  const wide = 2 * BOX.pad + cols * BOX.w + (cols - 1) * BOX.dx;
  const down = wide > svg.parentElement.clientWidth && rows < cols;
  const [across, along] = down ? [rows, cols] : [cols, rows];
  const gapX = down ? BOX.dy : BOX.dx, gapY = down ? BOX.dx / 2 : BOX.dy;
  const at = (n) => {
    const [i, j] = down ? [n.row, n.col] : [n.col, n.row];
    return { x: BOX.pad + i * (BOX.w + gapX), y: BOX.pad + j * (BOX.h + gapY) };
  };
  const width = 2 * BOX.pad + across * BOX.w + (across - 1) * gapX;
  const height = 2 * BOX.pad + along * BOX.h + (along - 1) * gapY;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.style.maxWidth = "100%";
  svg.style.height = "auto";
  svg.replaceChildren();
  const byName = Object.fromEntries(s.nodes.map((n) => [n.name, n]));
  for (const [a, b] of s.edges) {
    const p = at(byName[a]), q = at(byName[b]);
    let d;
    if (down) {
      const x1 = p.x + BOX.w / 2, y1 = p.y + BOX.h, x2 = q.x + BOX.w / 2, y2 = q.y, my = (y1 + y2) / 2;
      d = `M${x1},${y1} C${x1},${my} ${x2},${my} ${x2},${y2}`;
    } else {
      const x1 = p.x + BOX.w, y1 = p.y + BOX.h / 2, x2 = q.x, y2 = q.y + BOX.h / 2, mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
    }
    svg.append(svgEl("path", { class: "edge", d }));
  }
  for (const n of s.nodes) {
    const p = at(n);
    const g = svgEl("g", { class: "node", "data-name": n.name, transform: `translate(${p.x},${p.y})` });
    g.append(svgEl("title"), svgEl("rect", { width: BOX.w, height: BOX.h, rx: 7 }));
    const name = svgEl("text", { x: 10, y: 18, class: "name" });
    name.textContent = n.name.length > 19 ? n.name.slice(0, 18) + "…" : n.name;
    const op = svgEl("text", { x: 10, y: 33, class: "op" });
    const label = `${n.stage} ${n.op}`;
    op.textContent = label.length > 24 ? label.slice(0, 23) + "…" : label;
    const status = svgEl("text", { x: 10, y: 48, class: "status" });
    g.append(name, op, status);
    svg.append(g);
  }
}

// -- outputs and previews (keyed by name; sources change only with the content digest) ---

function mediaFor(item) {
  if (item.kind === "image") return el("img", { alt: item.name, loading: "lazy" });
  if (item.kind === "video") {
    const v = el("video", { muted: "", loop: "", autoplay: "", playsinline: "", controls: "" });
    v.muted = true;
    return v;
  }
  if (item.kind === "json") return el("table", { class: "figures" });
  return el("a", { class: "file" }, "download");
}

function fillMedia(media, item) {
  if (item.kind === "json") {
    media.replaceChildren(...item.figures.map(([k, v]) => {
      const tr = el("tr");
      tr.append(el("th", {}, k), el("td", {}, v));
      return tr;
    }));
  } else if (item.kind === "image" || item.kind === "video") {
    media.src = item.url;
  } else {
    media.href = item.url;
  }
}

function renderCards(container, items) {
  const cards = new Map([...container.children].map((c) => [c.dataset.name, c]));
  const keep = new Set(items.map((i) => i.name));
  for (const [name, card] of cards) if (!keep.has(name)) card.remove();
  items.forEach((item, index) => {
    let card = cards.get(item.name);
    if (!card || card.dataset.kind !== item.kind) {
      if (card) card.remove();
      card = el("figure", { class: "card", "data-name": item.name, "data-kind": item.kind });
      const caption = el("figcaption");
      caption.append(el("a", { target: "_blank", rel: "noopener" }, item.name), el("span", { class: "muted" }));
      card.append(mediaFor(item), caption);
    }
    if (card.dataset.digest !== item.digest) {
      card.dataset.digest = item.digest;
      fillMedia(card.firstElementChild, item);
      card.querySelector("figcaption a").href = item.url;
      const extra = item.frames ? `${item.frames} frames · ` : "";
      card.querySelector("figcaption span").textContent = `${extra}${item.node}`;
    }
    if (container.children[index] !== card) container.insertBefore(card, container.children[index] || null);
  });
}

function renderOutputs(s) {
  renderCards($("outputs"), s.outputs);
  $("no-outputs").hidden = s.outputs.length > 0;
  $("previews-panel").hidden = s.previews.length === 0;
  renderCards($("previews"), s.previews.map((p) => ({ ...p, name: `${p.node} preview` })));
}

// -- explore a trained node ----------------------------------------------------------------

function renderExplore(s) {
  $("explore").hidden = s.trained.length === 0;
  const select = $("ex-node");
  const names = s.trained.map((t) => t.name);
  if ([...select.options].map((o) => o.value).join() !== names.join()) {
    select.replaceChildren(...names.map((n) => el("option", { value: n }, n)));
    if (names.includes(explore.node)) select.value = explore.node;
  }
  const current = s.trained.find((t) => t.name === select.value);
  if (current && (current.name !== explore.node || current.key !== explore.key)) {
    explore.node = current.name;
    explore.key = current.key;
    loadSamples();
  }
}

function params() {
  return {
    node: $("ex-node").value,
    truncation: Number($("ex-trunc").value).toFixed(2),
    seed: Math.max(0, parseInt($("ex-seed").value, 10) || 0),
    class: $("ex-class").value || "0",
  };
}

function message(text) {
  $("ex-message").hidden = !text;
  $("ex-message").textContent = text || "";
}

async function getJSON(path, query) {
  const response = await fetch(`${path}?${new URLSearchParams(query)}`);
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

async function loadSamples() {
  const ticket = ++explore.request;
  const start = Math.max(0, parseInt($("ex-start").value, 10) || 0);
  $("samples").setAttribute("aria-busy", "true");
  try {
    const data = await getJSON("/api/samples", { ...params(), start, count: 16 });
    if (ticket !== explore.request) return;
    message("");
    renderClasses(data.classes, data.class);
    $("samples").replaceChildren(...data.images.map((im) => {
      const button = el("button", { type: "button", class: "sample", "data-seed": String(im.seed), title: `seed ${im.seed}` });
      button.append(el("img", { src: im.src, alt: `seed ${im.seed}` }), el("span", {}, String(im.seed)));
      return button;
    }));
    markPicked();
  } catch (err) {
    if (ticket === explore.request) message(`samples: ${err.message}`);
  } finally {
    if (ticket === explore.request) $("samples").removeAttribute("aria-busy");
  }
}

function renderClasses(names, current) {
  $("ex-class-label").hidden = names.length === 0;
  const select = $("ex-class");
  if ([...select.options].map((o) => o.textContent).join("\n") !== names.join("\n")) {
    select.replaceChildren(...names.map((n, i) => el("option", { value: String(i) }, n)));
  }
  if (names.length) select.value = String(current);
}

function markPicked() {
  for (const b of $("samples").querySelectorAll(".sample")) {
    const i = explore.picked.indexOf(Number(b.dataset.seed));
    b.classList.toggle("picked", i >= 0);
    b.dataset.order = i >= 0 ? String(i + 1) : "";
  }
  $("picked").textContent = explore.picked.length ? `seeds ${explore.picked.join(", ")}` : "no seeds picked";
  $("walk-go").disabled = explore.picked.length < 2;
}

async function previewWalk() {
  $("walk-go").disabled = true;
  try {
    const data = await getJSON("/api/walk", { ...params(), seeds: explore.picked.join(",") });
    message("");
    $("walk").hidden = false;
    $("walk-img").src = data.src;
    $("walk-block").textContent = data.block;
    $("copy-walk").textContent = "copy";
  } catch (err) {
    message(`walk: ${err.message}`);
  } finally {
    markPicked();
  }
}

async function copyWalk() {
  try {
    await navigator.clipboard.writeText($("walk-block").textContent);
    $("copy-walk").textContent = "copied";
  } catch (err) {
    $("copy-walk").textContent = "select and copy";
  }
}

function later(fn) {
  clearTimeout(explore.timer);
  explore.timer = setTimeout(fn, 150);
}

$("samples").addEventListener("click", (e) => {
  const button = e.target.closest(".sample");
  if (!button) return;
  const seed = Number(button.dataset.seed);
  const i = explore.picked.indexOf(seed);
  if (i >= 0) explore.picked.splice(i, 1);
  else explore.picked.push(seed);
  markPicked();
});
$("ex-trunc").addEventListener("input", () => {
  $("ex-trunc-value").textContent = Number($("ex-trunc").value).toFixed(2);
  later(loadSamples);
});
for (const id of ["ex-start", "ex-seed"]) $(id).addEventListener("change", () => later(loadSamples));
$("ex-node").addEventListener("change", () => {
  explore.picked = [];
  $("ex-class").replaceChildren();
  renderExplore(state);
});
$("ex-class").addEventListener("change", () => later(loadSamples));
$("walk-go").addEventListener("click", previewWalk);
$("walk-clear").addEventListener("click", () => { explore.picked = []; markPicked(); });
$("copy-walk").addEventListener("click", copyWalk);

// -- the live connection -------------------------------------------------------------------

function render(s) {
  state = s;
  renderHeader(s);
  renderError(s);
  renderProgress(s);
  renderGraph(s);
  renderOutputs(s);
  renderExplore(s);
  renderLog(s);
  document.body.dataset.version = String((Number(document.body.dataset.version) || 0) + 1);
}

function connect() {
  const source = new EventSource("/events");
  source.addEventListener("open", () => { $("link").dataset.up = "true"; });
  source.addEventListener("error", () => { $("link").dataset.up = "false"; });
  source.addEventListener("state", (e) => render(JSON.parse(e.data)));
}

window.addEventListener("resize", () => { if (state) renderGraph(state); });
connect();
