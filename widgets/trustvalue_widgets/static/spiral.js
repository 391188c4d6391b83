// Spiral simulator front end: labelled range inputs, a chart image, a summary.
// Every control is built once and patched in place, so a keyboard user keeps
// focus on the slider they are moving.
import { follow, guardKeys, h, setText, svgSource, widgetRoot } from "./common.js";

const pct = (v) => `${Math.round(v * 100)}%`;
const whole = (v) => String(Math.round(v));
// name, label, help, min, max, step, format, only with a shock
const SLIDERS = [
  ["openness", "Openness", "How openly the partners share their view, hardest problem first.", 0, 1, 0.05, pct, false],
  ["patience", "Patience", "Tolerance for slow results; low patience means strategy churn.", 0, 1, 0.05, pct, false],
  ["shared_perspective", "Shared perspective at the start", "How alike the partners see the alliance on day one.", 0, 1, 0.05, pct, false],
  ["shock_month", "Shock in month", "When the shock hits.", 1, null, 1, whole, true],
  ["shock_size", "Shock size", "How hard it hits trust and shared perspective.", 0, 1, 0.05, pct, true],
];
// The direction's id comes from Python; only its wording lives here.
const DIRECTIONS = { in: "\u2191 Spiralling in", out: "\u2193 Spiralling out" };

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-spiral");
  // A slider sends its first move at once, then at most one message per
  // 120 ms while it keeps moving (the last position always arrives).
  let timer = null;
  let pending = false;

  function send(name, value) {
    model.set(name, value);
    if (timer !== null) {
      pending = true;
      return;
    }
    model.save_changes();
    const settle = () => {
      if (pending) {
        pending = false;
        model.save_changes();
        timer = setTimeout(settle, 120);
      } else {
        timer = null;
      }
    };
    timer = setTimeout(settle, 120);
  }

  const sliders = SLIDERS.map(([name, label, help, min, max, step, format, shockOnly]) => {
    const id = `${uid}-${name}`;
    const out = h("output", { for: id, class: "tv-value" });
    const input = h("input", {
      type: "range", id, min, max: max ?? model.get("_months"), step, "aria-describedby": `${id}-help`,
      "data-name": name,
      oninput: (e) => {
        const v = Number(e.target.value);
        out.textContent = format(v);
        send(name, name === "shock_month" ? Math.round(v) : v);
      },
    });
    const box = h("div", { class: "tv-slider" },
      h("label", { for: id, text: label }), input, out,
      h("p", { id: `${id}-help`, class: "tv-help", text: help }));
    return { name, input, out, format, shockOnly, box };
  });

  const controls = h("div", { class: "tv-controls" });
  const shockId = `${uid}-shock`;
  const shockBox = h("input", {
    type: "checkbox", id: shockId, "data-name": "shock",
    onchange: (e) => send("shock", e.target.checked),
  });
  const shockControls = h("div", { class: "tv-shock" });
  for (const s of sliders) (s.shockOnly ? shockControls : controls).append(s.box);
  controls.append(
    h("div", { class: "tv-check" }, shockBox,
      h("label", { for: shockId, text: "Add an external shock (a missed target, a reorganisation)" })),
    shockControls,
  );

  const title = h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "The trust spiral simulator" });
  const status = h("p", { class: "tv-direction", role: "status", "aria-live": "polite" });
  const img = h("img", { class: "tv-chart", alt: "" });
  const summary = h("p", { class: "tv-summary" });
  const notice = h("p", { class: "tv-notice", role: "alert" });
  root.append(title, controls, status, img, summary, notice);

  function update() {
    root.classList.toggle("tv-present", model.get("_presentation"));
    const on = model.get("shock");
    if (shockBox.checked !== on) shockBox.checked = on;
    for (const { name, input, out, format, shockOnly } of sliders) {
      input.disabled = shockOnly && !on;
      const v = model.get(name);
      // Never move a slider under the learner's hand.
      if (document.activeElement !== input && Number(input.value) !== v) input.value = v;
      setText(out, format(document.activeElement === input ? Number(input.value) : v));
    }
    const dir = model.get("_direction_id");
    setText(status, DIRECTIONS[dir] || "");
    status.className = `tv-direction tv-${dir || "none"}`;
    const svg = model.get("_svg");
    const src = svg ? svgSource(svg) : "";
    if (src && img.getAttribute("src") !== src) img.src = src;
    img.alt = `Chart of trust, communication, shared perspective and value over ${model.get("_months")} months. ${model.get("_summary")}`;
    setText(summary, model.get("_summary"));
    setText(notice, model.get("_notice"));
    notice.hidden = !model.get("_notice");
  }

  const unguard = guardKeys(root);
  const unfollow = follow(model, update);
  return () => {
    unguard();
    clearTimeout(timer);
    unfollow();
  };
}

export default { render };
