// The trainer's screen for the room's other kinds of activity: a profile of the room's
// own alliances, a word cloud with its moderated list, and the room's ranking; and, for
// rubric scores and quiz questions, what shows beside the choices. Text goes in with
// textContent only.
import { h } from "./common.js";
import { cloudSvg } from "./cloud.js";

const el = (tag, cls, text) => h(tag, { class: cls, text: text === undefined || text === null ? undefined : String(text) });
const fmt = (x) => (x === null || x === undefined ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(1));

// A profile: one row per element, a 0-4 scale with the middle half of the room's
// scores as a box, the range as a line and the median as a dot, and the numbers in words.
export function drawProfile(box, slide, split, revealed) {
  const items = (split && split.items) || (slide.items || []).map((i) => ({ ...i, n: 0, median: null }));
  const levels = slide.levels || [];
  const table = el("div", "tv-p-profile");
  table.setAttribute("role", "list");
  table.setAttribute("aria-label", "The room's profile: median and spread per element");
  const scale = el("div", "tv-p-prof-row tv-p-prof-head");
  scale.setAttribute("aria-hidden", "true");
  scale.append(el("span", "tv-p-prof-label", ""));
  const ticks = el("span", "tv-p-prof-scale");
  levels.forEach((name, n) => { const t = el("span", "tv-p-prof-tick", `${n}`); t.style.left = `${n * 25}%`; ticks.appendChild(t); });
  scale.append(ticks, el("span", "tv-p-prof-num", "median (range)"));
  table.appendChild(scale);
  for (const item of items) {
    const row = el("div", "tv-p-prof-row");
    row.setAttribute("role", "listitem");
    row.dataset.item = item.id;
    const track = el("span", "tv-p-prof-scale tv-p-prof-track");
    track.setAttribute("aria-hidden", "true");
    if (item.median !== null && item.median !== undefined) {
      const range = el("span", "tv-p-prof-range");
      range.style.left = `${item.low * 25}%`; range.style.width = `${(item.high - item.low) * 25}%`;
      const iqr = el("span", "tv-p-prof-iqr");
      iqr.style.left = `${item.q1 * 25}%`; iqr.style.width = `${Math.max(0.6, (item.q3 - item.q1) * 25)}%`;
      const dot = el("span", "tv-p-prof-dot");
      dot.style.left = `${item.median * 25}%`;
      track.append(range, iqr, dot);
    }
    const words = item.median === null || item.median === undefined
      ? "no scores yet"
      : `${fmt(item.median)} (${item.low}-${item.high})`;
    const label = el("span", "tv-p-prof-label", item.label);
    const num = el("span", "tv-p-prof-num", words);
    row.append(label, track, num);
    row.setAttribute("aria-label", `${item.label}: median ${words}`);
    table.appendChild(row);
  }
  box.appendChild(table);
  if (revealed && split && split.weakest && split.weakest.length) {
    const weak = el("div", "tv-p-weakest");
    weak.setAttribute("role", "status");
    weak.appendChild(el("p", "tv-p-answer-head", "The room's two weakest elements, and what they predict"));
    for (const w of split.weakest) {
      const p = el("p", "tv-p-weak");
      p.dataset.item = w.id;
      p.append(el("strong", "", `${w.label} (median ${fmt(w.median)}): `), document.createTextNode(w.predicts));
      weak.appendChild(p);
    }
    box.appendChild(weak);
  }
}

// Open text: the cloud of the visible answers, and the list the trainer moderates.
export function drawCloud(box, split, dark, moderate) {
  const wrap = el("div", "tv-p-cloudwrap");
  const words = (split && split.words) || [];
  const width = Math.max(320, Math.min(640, (box.clientWidth || 900) - 330));
  wrap.appendChild(cloudSvg(words, width, 330, dark));
  const side = el("div", "tv-p-entries");
  const heading = el("h2", "tv-p-entries-head", `Answers (${split ? split.shown || 0 : 0} shown)`);
  const list = el("ul", "tv-p-entry-list");
  list.setAttribute("tabindex", "0");
  list.setAttribute("aria-label", "Answers, newest first");
  for (const entry of (split && split.entries) || []) {
    const li = el("li", `tv-p-entry${entry.hidden ? " tv-p-entry-hidden" : ""}`);
    li.dataset.entry = String(entry.entry);
    li.appendChild(el("span", "tv-p-entry-text", entry.hidden ? "Hidden answer" : entry.text));
    const b = h("button", {
      class: "tv-p-btn tv-p-hide",
      type: "button",
      text: entry.hidden ? "Show" : "Hide",
      "aria-label": entry.hidden ? "Show this answer again" : `Hide: ${entry.text}`,
    });
    b.addEventListener("click", () => moderate(entry.entry, !entry.hidden));
    li.appendChild(b);
    list.appendChild(li);
  }
  side.append(heading, list);
  wrap.appendChild(side);
  box.appendChild(wrap);
}

// Ranking: the room's order by Borda count, with points and mean place.
export function drawRank(box, slide, split) {
  const items = (split && split.items) || (slide.items || []).map((i) => ({ ...i, points: 0, mean_rank: null }));
  const top = Math.max(1, ...items.map((i) => i.points || 0));
  const list = el("ol", "tv-p-ranking");
  list.setAttribute("aria-label", "The room's ranking, most important first");
  for (const item of items) {
    const li = el("li", "tv-p-rank-row");
    li.dataset.item = item.id;
    const bar = el("span", "tv-p-barbox");
    bar.setAttribute("aria-hidden", "true");
    const fill = el("span", "tv-p-fill");
    fill.style.width = `${Math.round((100 * (item.points || 0)) / top)}%`;
    bar.appendChild(fill);
    const words = item.mean_rank === null ? "no orders yet" : `mean place ${fmt(item.mean_rank)}, ${item.points} points`;
    li.append(el("span", "tv-p-label", item.label), bar, el("span", "tv-p-num", words));
    list.appendChild(li);
  }
  box.appendChild(list);
}

// Under a revealed rubric score, in one paragraph (the projector has room for no more):
// how many chose the reference, where the room split, and how many were far from it.
export function scoreVerdict(split, choices, chose) {
  if (!split || !split.spread) return [];
  const name = (level) => (choices.find((c) => c.id === String(level)) || { label: String(level) }).label;
  const { low, high } = split.spread;
  const parts = [chose];
  parts.push(high - low >= 2
    ? `answers ran from ${name(low)} to ${name(high)}: ask both ends why`
    : `the room agreed within one level (${name(low)} to ${name(high)})`);
  if (split.far) parts.push(`${split.far} of ${split.total} were two or more levels from the reference`);
  return [el("p", "tv-p-split", `${parts.join("; ")}.`)];
}

export function drawBoard(split) {
  const box = el("div", "tv-p-board");
  box.appendChild(el("p", "tv-p-answer-head", "Leaderboard"));
  const list = el("ol", "tv-p-board-list");
  for (const row of split.board || []) {
    const li = el("li", "tv-p-board-row");
    // The points float right of the nickname: they come first in the line.
    li.append(el("span", "tv-p-num", `${row.points} points`), el("span", "tv-p-nick", row.nickname));
    list.appendChild(li);
  }
  if (!(split.board || []).length) list.appendChild(el("li", "", "No nicknames yet."));
  box.appendChild(list);
  return box;
}
