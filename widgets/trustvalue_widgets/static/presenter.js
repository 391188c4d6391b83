// Presenter mode: one slide at a time, keyboard- and clicker-driven, with a live room.
// Everything from the course or from phones goes in with textContent, never as markup.
import { follow, h, intent, widgetRoot } from "./common.js";
import { drawBoard, drawCloud, drawProfile, drawRank, scoreVerdict } from "./presenter_kinds.js";

const NEXT = new Set(["ArrowRight", "PageDown", "n", "N"]);
const PREV = new Set(["ArrowLeft", "PageUp", "p", "P", "Backspace"]);
const REVEAL = new Set([" ", "ArrowDown", "Enter", "r", "R", "b", "B", "."]);
const THEME = new Set(["t", "T"]);
const SVG = "http://www.w3.org/2000/svg";

function el(tag, cls, text) {
  return h(tag, { class: cls, text: text === undefined || text === null ? undefined : String(text) });
}

function qrSvg(rows) {
  const n = rows.length, quiet = 4, size = n + 2 * quiet;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("class", "tv-p-qr");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "QR code of the join address");
  svg.setAttribute("shape-rendering", "crispEdges");
  const bg = document.createElementNS(SVG, "rect");
  bg.setAttribute("width", size); bg.setAttribute("height", size); bg.setAttribute("fill", "#fff");
  svg.appendChild(bg);
  let d = "";
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) if (row[x] === "1") d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  });
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", d); path.setAttribute("fill", "#000");
  svg.appendChild(path);
  return svg;
}

function render({ model, el: host }) {
  const { root } = widgetRoot(host, "tv-presenter");
  root.setAttribute("role", "region");
  root.setAttribute("aria-label", "Presenter");

  const header = el("header", "tv-p-header");
  const title = el("h1", "tv-p-title");
  const count = el("span", "tv-p-count");
  header.append(title, count);

  const main = el("div", "tv-p-main");
  const stage = el("section", "tv-p-stage");
  stage.setAttribute("aria-live", "polite");
  const context = el("p", "tv-p-context");
  const text = el("p", "tv-p-text");
  const choices = el("ol", "tv-p-choices");
  const answer = el("div", "tv-p-answer");
  answer.setAttribute("role", "status");
  const kindBox = el("div", "tv-p-kind");
  const clock = el("p", "tv-p-clock");
  stage.append(context, text, clock, choices, kindBox, answer);
  // The room panel: what changes with each answer, then the download link, kept
  // out of the redraw so that a focused link keeps its focus.
  const side = el("aside", "tv-p-room");
  const roomInfo = el("div", "tv-p-room-info");
  side.appendChild(roomInfo);
  main.append(stage, side);

  const bar = el("nav", "tv-p-bar");
  bar.setAttribute("aria-label", "Presenter controls");
  const button = (label, cls, action, hint) => {
    // A disabled button would drop the keyboard focus to the page: aria-disabled keeps it.
    const b = h("button", { class: `tv-p-btn ${cls}`, type: "button", title: hint, text: label });
    b.addEventListener("click", (e) => {
      if (b.getAttribute("aria-disabled") === "true") return;
      action();
      // After a mouse or clicker click, Space must reveal, not press the button again;
      // a keyboard press (detail 0) keeps the focus where the trainer put it.
      if (e.detail > 0) b.blur();
    });
    bar.appendChild(b);
    return b;
  };
  const act = {
    prev: () => { model.set("index", Math.max(0, model.get("index") - 1)); model.save_changes(); },
    next: () => { model.set("index", Math.min(model.get("_total") - 1, model.get("index") + 1)); model.save_changes(); },
    reveal: () => {
      const split = model.get("_split") || {};
      // A quiz question's first press starts its clock; the next reveals the answer.
      if (split.kind === "quiz" && !split.started && !model.get("revealed")) return intent(model, "clock");
      model.set("revealed", !model.get("revealed")); model.save_changes();
    },
    quiz: () => { model.set("quiz", !model.get("quiz")); model.save_changes(); },
    theme: () => { model.set("theme", model.get("theme") === "dark" ? "light" : "dark"); model.save_changes(); },
    live: () => { model.set("live", !model.get("live")); model.save_changes(); },
    restart: () => { model.set("restarts", model.get("restarts") + 1); model.save_changes(); },
  };
  const prevB = button("\u2190 Previous", "tv-p-prev", act.prev, "Left arrow or Page Up");
  const revealB = button("Reveal", "tv-p-reveal", act.reveal, "Space or Down arrow");
  const nextB = button("Next \u2192", "tv-p-next", act.next, "Right arrow or Page Down");
  const themeB = button("Dark theme", "tv-p-theme", act.theme, "T");
  const quizB = button("Quiz: off", "tv-p-quiz", act.quiz, "Timed questions and a leaderboard of nicknames; set before the live room starts");
  const liveB = button("Start live room", "tv-p-live", act.live, "Phones answer by room code");
  button("Start again", "tv-p-restart tv-app-reset", act.restart, "First slide, answers hidden, room closed");
  const exportA = el("a", "tv-p-export", "Download answers (CSV)");
  exportA.hidden = true;
  side.appendChild(exportA);
  const keys = el("p", "tv-p-keys", "Keys: \u2190 \u2192 step \u00b7 Space reveal \u00b7 T theme");
  root.append(header, main, bar, keys);

  function draw() {
    const slide = model.get("_slide") || {};
    const ans = model.get("_answer") || {};
    const room = model.get("_room") || {};
    const split = model.get("_split") || {};
    const revealed = model.get("revealed");
    const total = model.get("_total");
    root.dataset.theme = model.get("theme");
    root.classList.toggle("tv-p-revealed", !!revealed);
    root.classList.toggle("tv-p-is-live", !!room.code);
    title.textContent = model.get("_title");
    count.textContent = `${slide.number || 1} / ${total}`;
    context.textContent = slide.context || "";
    context.hidden = !slide.context;
    text.textContent = slide.text || "";
    const here = split.question === model.get("index");
    const kind = slide.kind || "choice";
    const hideCounts = kind === "quiz" || (here && split.kind === "quiz" && !revealed);
    const counts = (here && !hideCounts && split.counts) || null;
    const n = here ? split.total || 0 : 0;
    // Practice questions are long: they take the quiz's type sizes, quiz mode or not.
    root.dataset.kind = here && split.kind ? split.kind : model.get("_quizable") ? "quiz" : kind;
    choices.hidden = !(slide.choices || []).length;
    choices.replaceChildren();
    for (const c of slide.choices || []) {
      const li = el("li", "tv-p-choice");
      li.dataset.choice = c.id;
      const label = el("span", "tv-p-label", c.label);
      li.appendChild(label);
      if (counts) {
        const k = counts[c.id] || 0;
        const pct = n ? Math.round((100 * k) / n) : 0;
        const barBox = el("span", "tv-p-barbox");
        const fill = el("span", "tv-p-fill");
        fill.style.width = `${pct}%`;
        barBox.appendChild(fill);
        li.append(barBox, el("span", "tv-p-num", `${k} (${pct}%)`));
      }
      if (revealed && ans.id === c.id) {
        li.classList.add("tv-p-correct");
        li.appendChild(el("span", "tv-p-mark", "\u2713 course answer"));
      }
      choices.appendChild(li);
    }
    answer.replaceChildren();
    if (revealed && ans.id !== undefined) {
      answer.append(el("p", "tv-p-answer-head", `Answer: ${ans.label}`), el("p", "tv-p-expl", ans.explanation));
      if (counts && n) {
        const k = counts[ans.id] || 0;
        const chose = `The room: ${k} of ${n} chose the course's answer (${Math.round((100 * k) / n)}%)`;
        const scored = here && split.kind === "score" ? scoreVerdict(split, slide.choices || [], chose) : [];
        answer.append(...(scored.length ? scored : [el("p", "tv-p-room-verdict", `${chose}.`)]));
      }
    }
    kindBox.replaceChildren();
    const theSplit = here ? split : null;
    if (kind === "profile") drawProfile(kindBox, slide, theSplit, revealed);
    else if (kind === "text") drawCloud(kindBox, theSplit, model.get("theme") === "dark", moderate);
    else if (kind === "rank") drawRank(kindBox, slide, theSplit);
    kindBox.hidden = !kindBox.childElementCount;
    if (revealed && !ans.id && ["profile", "text", "rank"].includes(kind)) {
      answer.appendChild(el("p", "tv-p-answer-head tv-p-closed", "Answers are closed."));
    }
    const timed = here && split.kind === "quiz" && !revealed;
    clockEnd = timed && split.ends_in !== null && split.ends_in !== undefined ? Date.now() + split.ends_in * 1000 : null;
    clockWaiting = timed && !split.started;
    tick();
    roomInfo.replaceChildren();
    if (room.code) {
      roomInfo.append(
        el("p", "tv-p-join-head", "Answer on your phone"),
        qrSvg(room.qr || []),
        el("p", "tv-p-url", room.url),
        el("p", "tv-p-code-label", "Room code"),
        el("p", "tv-p-code", room.code),
        el("p", "tv-p-answers", `${n} answer${n === 1 ? "" : "s"}`),
      );
    }
    if (room.code && here && split.board) roomInfo.appendChild(drawBoard(split));
    if (room.error) roomInfo.appendChild(el("p", "tv-p-error", room.error));
    side.hidden = !room.code && !room.error;
    prevB.setAttribute("aria-disabled", String((slide.number || 1) <= 1));
    nextB.setAttribute("aria-disabled", String((slide.number || 1) >= total));
    const noAnswer = ["profile", "text", "rank"].includes(kind);
    revealB.textContent = revealed
      ? (noAnswer ? "Reopen answers" : "Hide answer")
      : clockWaiting && !revealed ? "Start the clock"
      : noAnswer ? "Close answers" : "Reveal";
    quizB.hidden = !model.get("_quizable");
    quizB.textContent = `Quiz: ${model.get("quiz") ? "on" : "off"}`;
    quizB.setAttribute("aria-pressed", String(!!model.get("quiz")));
    quizB.setAttribute("aria-disabled", String(!!room.code));
    themeB.textContent = model.get("theme") === "dark" ? "Light theme" : "Dark theme";
    liveB.textContent = room.code ? "End live room" : "Start live room";
    liveB.hidden = !model.get("_rooms_served");
    exportA.hidden = !room.code;
    if (room.export) { exportA.href = room.export; exportA.setAttribute("download", `room-${room.code}.csv`); }
  }

  let clockEnd = null;
  let clockWaiting = false;
  let moderations = 0;
  function moderate(entry, hidden) {
    model.set("moderate", { entry, hidden, n: ++moderations });
    model.save_changes();
  }
  function tick() {
    if (clockWaiting) { clock.textContent = "Press Space to start the clock."; clock.hidden = false; return; }
    if (clockEnd === null) { clock.textContent = ""; clock.hidden = true; return; }
    const left = Math.max(0, Math.ceil((clockEnd - Date.now()) / 1000));
    clock.hidden = false;
    clock.textContent = left > 0 ? `${left} s left` : "Time is up: press Space to reveal.";
  }
  const ticker = setInterval(tick, 250);

  const onKey = (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target && e.target.closest && e.target.closest("input, select, textarea")) return;
    // A keyboard user who tabbed to a button presses it with Enter or Space.
    if ((e.key === " " || e.key === "Enter") && e.target.closest && e.target.closest("button, a")) return;
    let action = null;
    if (NEXT.has(e.key)) action = act.next;
    else if (PREV.has(e.key)) action = act.prev;
    else if (REVEAL.has(e.key)) action = act.reveal;
    else if (THEME.has(e.key)) action = act.theme;
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    action();
  };
  document.addEventListener("keydown", onKey, true);

  const unfollow = follow(model, draw);
  return () => { unfollow(); clearInterval(ticker); document.removeEventListener("keydown", onKey, true); };
}

export default { render };
