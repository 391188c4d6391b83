// Spiral simulator front end: labelled range inputs, a line chart, a summary.
// Every control is built once and patched in place, so a keyboard user keeps
// focus on the slider they are moving. Python sends the lines as numbers
// (_series, _shock_at); the chart is drawn here as SVG at the size it is shown,
// so its text is exactly the widget's type size on a laptop and on a projector.
import { follow, guardKeys, h, setText, widgetRoot } from "./common.js";

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
  // A slider's move goes to the kernel at once unless the kernel is still working out
  // the last one; moves made meanwhile are sent as one, the latest, when its answer
  // (new lines) arrives. The room sees every step the kernel can keep up with, and a
  // fast drag never queues up stale steps. (If no answer comes, say for a move that
  // changes nothing, the latest move is sent after 400 ms.)
  let inflight = false;
  let pending = false;
  let timer = null;

  function flush() {
    model.save_changes();
    inflight = true;
    clearTimeout(timer);
    timer = setTimeout(answered, 400);
  }

  function answered() {
    clearTimeout(timer);
    timer = null;
    inflight = false;
    if (pending) {
      pending = false;
      flush();
    }
  }

  function send(name, value) {
    model.set(name, value);
    if (inflight) pending = true;
    else flush();
  }
  model.on("change:_series", answered);

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
  const chart = lineChart();
  const summary = h("p", { class: "tv-summary" });
  const notice = h("p", { class: "tv-notice", role: "alert" });
  root.append(title, controls, status, chart.figure, summary, notice);

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
    chart.show(model.get("_series"), model.get("_months"), model.get("_shock_at"),
      `Chart of trust, communication, shared perspective and value over ${model.get("_months")} months. ${model.get("_summary")}`);
    setText(summary, model.get("_summary"));
    setText(notice, model.get("_notice"));
    notice.hidden = !model.get("_notice");
  }

  const unguard = guardKeys(root);
  const unfollow = follow(model, update);
  return () => {
    unguard();
    clearTimeout(timer);
    if (pending) model.save_changes(); // the latest move still reaches the kernel
    model.off("change:_series", answered);
    unfollow();
    chart.stop();
  };
}

// ------------------------------------------------------------------ the chart

const NS = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, text = null) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== null) el.textContent = text;
  return el;
}

const LEVELS = [0, 0.25, 0.5, 0.75, 1];

// A legend (HTML, so it wraps and is never cut off) above a plot that fills its
// box: the box's size comes from CSS, the drawing follows it on every resize.
function lineChart() {
  const legend = h("ul", { class: "tv-legend", "aria-hidden": "true" });
  const svg = s("svg", { class: "tv-chart", role: "img" });
  const plot = h("div", { class: "tv-plot" }, svg);
  // The same numbers as a table, for a screen reader and for anyone who wants them exact.
  const tbody = h("tbody");
  const head = h("tr");
  const numbers = h("details", { class: "tv-numbers" },
    h("summary", { text: "Show the numbers" }),
    h("table", {}, h("thead", {}, head), tbody));
  const figure = h("div", { class: "tv-figure" }, legend, plot, numbers);
  const frame = s("g", { class: "tv-axes", "aria-hidden": "true" });
  const lines = s("g", { class: "tv-lines", "aria-hidden": "true" });
  const shockRule = s("line", { class: "tv-shock-rule" });
  const shockLabel = s("text", { class: "tv-shock-label" });
  svg.append(frame, lines, shockRule, shockLabel);
  let data = { series: [], months: 0, shockAt: null };
  let size = "";

  function fontSize() {
    return parseFloat(getComputedStyle(svg).fontSize) || 15;
  }

  function scales() {
    const width = plot.clientWidth;
    const height = plot.clientHeight;
    const fs = fontSize();
    const m = { left: fs * 4.4, right: fs * 1, top: fs * 1.8, bottom: fs * 2.9 };
    const w = Math.max(10, width - m.left - m.right);
    const ht = Math.max(10, height - m.top - m.bottom);
    return {
      width, height, fs, m,
      x: (month) => m.left + (data.months ? (month / data.months) * w : 0),
      y: (level) => m.top + (1 - Math.min(1, Math.max(0, level))) * ht,
    };
  }

  // Axes, grid and titles: redrawn only when the size (or the months) change.
  function drawFrame(sc) {
    frame.replaceChildren();
    const { m, fs, x, y, width, height } = sc;
    for (const level of LEVELS) {
      frame.append(
        s("line", { class: "tv-grid", x1: m.left, x2: width - m.right, y1: y(level), y2: y(level) }),
        s("text", { x: m.left - fs * 0.4, y: y(level), "text-anchor": "end", "dominant-baseline": "middle" },
          `${Math.round(level * 100)}%`),
      );
    }
    const every = width - m.left - m.right < fs * 24 ? 12 : 6;
    for (let month = 0; month <= data.months; month += every) {
      frame.append(
        s("line", { class: "tv-tick", x1: x(month), x2: x(month), y1: y(0), y2: y(0) + fs * 0.3 }),
        s("text", { x: x(month), y: y(0) + fs * 1.3, "text-anchor": "middle" }, String(month)),
      );
    }
    frame.append(
      s("line", { class: "tv-axis", x1: m.left, x2: width - m.right, y1: y(0), y2: y(0) }),
      s("line", { class: "tv-axis", x1: m.left, x2: m.left, y1: y(0), y2: y(1) }),
      s("text", { x: (m.left + width - m.right) / 2, y: height - fs * 0.25, "text-anchor": "middle", class: "tv-axis-title" }, "Month"),
      s("text", { transform: `translate(${fs * 1.1} ${(y(0) + y(1)) / 2}) rotate(-90)`, "text-anchor": "middle", class: "tv-axis-title" }, "Level"),
    );
  }

  // One path per line, made as soon as the lines are known; drawn once the plot has a
  // size (a notebook cell scrolled out of view has none until it comes back).
  function paths() {
    const made = lines.children;
    while (made.length > data.series.length) made[made.length - 1].remove();
    data.series.forEach((line, i) => {
      const path = made[i] || lines.appendChild(s("path", { class: "tv-line" }));
      path.setAttribute("data-series", line.id);
      path.setAttribute("stroke", line.colour);
    });
    return made;
  }

  function draw() {
    const made = paths();
    const sc = scales();
    if (sc.width < 50 || sc.height < 50) return; // not laid out yet
    const key = `${sc.width}x${sc.height}x${sc.fs}x${data.months}`;
    if (key !== size) {
      size = key;
      drawFrame(sc);
    }
    const { x, y, fs, m } = sc;
    const stroke = Math.max(2.5, fs / 7);
    data.series.forEach((line, i) => {
      const d = line.levels.map((level, month) => `${month ? "L" : "M"}${x(month).toFixed(1)} ${y(level).toFixed(1)}`).join("");
      made[i].setAttribute("d", d);
      made[i].setAttribute("stroke-width", stroke);
      made[i].setAttribute("stroke-dasharray", line.dash.length ? line.dash.map((n) => n * stroke / 2.5).join(" ") : "none");
    });
    const shock = data.shockAt !== null && data.shockAt !== undefined;
    shockRule.style.display = shockLabel.style.display = shock ? "" : "none";
    if (shock) {
      const at = x(data.shockAt);
      for (const [k, v] of Object.entries({ x1: at, x2: at, y1: y(0), y2: m.top - fs * 0.3 })) shockRule.setAttribute(k, v);
      // The label reads away from the right edge, so it is never cut off.
      const right = at > (m.left + sc.width) / 2;
      shockLabel.setAttribute("x", at + (right ? -fs * 0.3 : fs * 0.3));
      shockLabel.setAttribute("y", m.top - fs * 0.5);
      shockLabel.setAttribute("text-anchor", right ? "end" : "start");
      setText(shockLabel, `Shock (month ${data.shockAt})`);
    }
  }

  // Every third month, the last one and the shock's month, as percentages.
  function drawTable() {
    const labels = ["Month", ...data.series.map((line) => line.label)];
    if (head.dataset.labels !== labels.join("\n")) {
      head.dataset.labels = labels.join("\n");
      head.replaceChildren(...labels.map((text) => h("th", { scope: "col", text })));
    }
    const months = [];
    for (let month = 0; month <= data.months; month += 1) {
      if (month % 3 === 0 || month === data.months || month === data.shockAt) months.push(month);
    }
    tbody.replaceChildren(...months.map((month) => h("tr", {},
      h("th", { scope: "row", text: month === data.shockAt ? `${month} (shock)` : String(month) }),
      ...data.series.map((line) => h("td", { text: `${Math.round(line.levels[month] * 100)}%` })))));
  }

  function drawLegend() {
    const labels = data.series.map((line) => line.label).join("\n");
    if (legend.dataset.labels === labels) return;
    legend.dataset.labels = labels;
    legend.replaceChildren(...data.series.map((line) => {
      const swatch = s("svg", { class: "tv-swatch", viewBox: "0 0 40 10", width: "2.4em", height: "0.7em" });
      swatch.append(s("line", { x1: 0, x2: 40, y1: 5, y2: 5, stroke: line.colour, "stroke-width": 3.5, "stroke-dasharray": line.dash.length ? line.dash.join(" ") : "none" }));
      return h("li", {}, swatch, h("span", { text: line.label }));
    }));
  }

  const observer = new ResizeObserver(() => draw());
  observer.observe(plot);

  return {
    figure,
    // Redrawn only when the kernel sent new lines: a slider's own move (a local change
    // of the model, before the kernel answers) leaves the chart as it is.
    show(series, months, shockAt, description) {
      series = series || [];
      if (series === data.series && months === data.months && shockAt === data.shockAt) return;
      if (months !== data.months) size = "";
      data = { series, months, shockAt };
      if (svg.getAttribute("aria-label") !== description) svg.setAttribute("aria-label", description);
      drawLegend();
      drawTable();
      draw();
    },
    stop() {
      observer.disconnect();
    },
  };
}

export default { render };
