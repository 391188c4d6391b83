// Helpers shared by every widget of the course, imported as an ES module
// by each widget (the Python side resolves the relative path).
// Everything a content file or a learner typed goes in with textContent.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

// Set a text only when it changed: screen readers announce a live region's
// change, so an unchanged text must not be written again.
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

// JupyterLab's notebook catches arrow keys and Space on their way down to the
// page (its command mode moves between cells). A capture listener on the
// document runs first: for the keys this widget uses, stop the event there.
// Stopping propagation is not preventing the default, so a radio button still
// moves and a range input still slides; ``onKey`` gets the event first.
const WIDGET_KEYS = new Set(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", " ", "Home", "End", "PageUp", "PageDown"]);

export function guardKeys(root, onKey = null) {
  const guard = (event) => {
    if (!root.contains(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    if (onKey) onKey(event);
    if (WIDGET_KEYS.has(event.key) || /^[1-9]$/.test(event.key)) event.stopPropagation();
  };
  document.addEventListener("keydown", guard, true);
  return () => document.removeEventListener("keydown", guard, true);
}

export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The browser says what the learner asked for; Python decides what it means.
// A synced trait, not model.send(): ipywidgets may hold back state updates while
// the kernel is busy, and a custom message would overtake the answers before it.
let intents = 0;

export function intent(model, name) {
  model.set("_intent", { name, n: `${Date.now()}-${++intents}` });
  model.save_changes();
}

export function svgSource(svg) {
  return "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
}

// Every view gets its own root and id prefix (anywidget's model has no cid),
// so two widgets on one page never share radio groups or element ids.
// JupyterLab's notebook shortcuts must not steal the keys the widget uses.
let views = 0;

export function widgetRoot(el, cls) {
  const root = h("div", { class: cls, "data-lm-suppress-shortcuts": "true" });
  el.append(root);
  return { root, uid: `${cls}-${++views}` };
}

// Patch the view whenever the model changes: one call per message from Python
// (Backbone fires "change" once after all of a message's attributes).
export function follow(model, update) {
  model.on("change", update);
  update();
  return () => model.off("change", update);
}
