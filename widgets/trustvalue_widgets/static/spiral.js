// Spiral simulator front end: labelled range inputs, a chart image, a summary.

const SLIDERS = [
  ["openness", "Openness", "How openly the partners share their view, hardest problem first."],
  ["patience", "Patience", "Tolerance for slow results; low patience means strategy churn."],
  ["shared_perspective", "Shared perspective at the start", "How alike the partners see the alliance on day one."],
];

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-spiral");
  let timer = null;

  function send(name, value) {
    model.set(name, value);
    clearTimeout(timer);
    timer = setTimeout(() => model.save_changes(), 120);
  }

  function slider(name, label, help, min, max, step, format, disabled = false) {
    const id = `${uid}-${name}`;
    const value = model.get(name);
    const out = h("output", { for: id, class: "tv-value", text: format(value) });
    const input = h("input", {
      type: "range", id, min, max, step, value, disabled, "aria-describedby": `${id}-help`,
      "data-name": name,
      oninput: (e) => {
        const v = Number(e.target.value);
        out.textContent = format(v);
        send(name, name === "shock_month" ? Math.round(v) : v);
      },
    });
    return h("div", { class: "tv-slider" },
      h("label", { for: id, text: label }), input, out,
      h("p", { id: `${id}-help`, class: "tv-help", text: help }));
  }

  const pct = (v) => `${Math.round(v * 100)}%`;
  const controls = h("div", { class: "tv-controls" });
  for (const [name, label, help] of SLIDERS) controls.append(slider(name, label, help, 0, 1, 0.05, pct));
  const shockId = `${uid}-shock`;
  const shockBox = h("input", {
    type: "checkbox", id: shockId, checked: model.get("shock"), "data-name": "shock",
    onchange: (e) => { send("shock", e.target.checked); draw(); },
  });
  controls.append(h("div", { class: "tv-check" }, shockBox,
    h("label", { for: shockId, text: "Add an external shock (a missed target, a reorganisation)" })));
  const shockControls = h("div", { class: "tv-shock" });
  controls.append(shockControls);

  const title = h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "The trust spiral simulator" });
  const status = h("p", { class: "tv-direction", role: "status", "aria-live": "polite" });
  const img = h("img", { class: "tv-chart" });
  const summary = h("p", { class: "tv-summary" });
  const notice = h("p", { class: "tv-notice", role: "alert" });
  root.append(title, controls, status, img, summary, notice);

  function draw() {
    root.classList.toggle("tv-present", model.get("_presentation"));
    const on = model.get("shock");
    shockBox.checked = on;
    shockControls.replaceChildren(
      slider("shock_month", "Shock in month", "When the shock hits.", 1, model.get("_months"), 1, (v) => String(Math.round(v)), !on),
      slider("shock_size", "Shock size", "How hard it hits trust and shared perspective.", 0, 1, 0.05, pct, !on),
    );
    const dir = model.get("_direction");
    status.textContent = dir ? (dir === "spiralling in" ? "\u2191 Spiralling in" : "\u2193 Spiralling out") : "";
    status.className = `tv-direction ${dir === "spiralling in" ? "tv-in" : "tv-out"}`;
    const svg = model.get("_svg");
    if (svg) img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    img.alt = `Chart of trust, communication, shared perspective and value over ${model.get("_months")} months. ${model.get("_summary")}`;
    summary.textContent = model.get("_summary");
    notice.textContent = model.get("_notice");
    notice.hidden = !model.get("_notice");
  }

  function syncSliders() {
    for (const input of root.querySelectorAll("input[type=range]")) {
      const v = model.get(input.dataset.name);
      if (document.activeElement !== input && Number(input.value) !== v) input.value = v;
    }
  }

  const unguard = guardKeys(root);
  const events = ["_svg", "_summary", "_direction", "_notice", "_presentation"];
  for (const name of events) model.on(`change:${name}`, draw);
  model.on("change:shock", draw);
  for (const name of ["openness", "patience", "shared_perspective"]) model.on(`change:${name}`, syncSliders);
  draw();
  return () => {
    unguard();
    clearTimeout(timer);
    for (const name of events) model.off(`change:${name}`, draw);
    model.off("change:shock", draw);
  };
}

export default { render };
