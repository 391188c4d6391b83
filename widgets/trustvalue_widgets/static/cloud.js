// A word cloud laid out in the browser: no library, no network. Words are placed from
// the most frequent outwards along a spiral, each where its box overlaps no word
// placed before; a word that finds no place is left out (and still listed for screen
// readers in the figure's label). Sizes grow with the square root of the count.
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#0b3d91", "#1a1a1a", "#7a2e00", "#0a5c1a", "#5b1a8a"];
const DARK = ["#ffd54a", "#ffffff", "#9fd3ff", "#7dffa0", "#ffb3e6"];

let canvas = null;

function measure(word, size, font) {
  canvas = canvas || document.createElement("canvas");
  const ctx = canvas.getContext("2d");
  ctx.font = `700 ${size}px ${font}`;
  return ctx.measureText(word).width;
}

// Positions for [word, count] pairs in a width x height box: [{word, count, size, x, y, w, h}].
export function layout(words, width, height, { min = 20, max = 64, font = "system-ui, sans-serif", measureText = measure } = {}) {
  if (!words.length) return [];
  const top = Math.max(...words.map((w) => w[1]));
  const placed = [];
  const overlaps = (a) => placed.some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
  for (const [word, count] of words) {
    const size = Math.round(min + (max - min) * Math.sqrt(count / top));
    const w = measureText(word, size, font) + 8;
    const h = size * 1.15;
    if (w > width || h > height) continue;
    for (let t = 0; t < 900; t++) {
      const angle = 0.35 * t;
      const r = 2.2 * angle;
      const box = {
        x: width / 2 + r * Math.cos(angle) * (width / height) * 0.8 - w / 2,
        y: height / 2 + r * Math.sin(angle) - h / 2,
        w, h,
      };
      if (box.x < 0 || box.y < 0 || box.x + w > width || box.y + h > height) continue;
      if (!overlaps(box)) { placed.push({ word, count, size, ...box }); break; }
    }
  }
  return placed;
}

export function cloudSvg(words, width, height, dark = false) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("class", "tv-p-cloud");
  svg.setAttribute("role", "img");
  svg.setAttribute(
    "aria-label",
    words.length ? `Word cloud: ${words.map(([w, k]) => `${w} (${k})`).join(", ")}` : "Word cloud: no words yet",
  );
  const colours = dark ? DARK : COLOURS;
  layout(words, width, height).forEach((p, n) => {
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", (p.x + p.w / 2).toFixed(1));
    text.setAttribute("y", (p.y + p.h / 2).toFixed(1));
    text.setAttribute("font-size", p.size);
    text.setAttribute("fill", colours[n % colours.length]);
    text.setAttribute("class", "tv-p-word");
    text.dataset.count = String(p.count);
    text.textContent = p.word;
    svg.appendChild(text);
  });
  return svg;
}
