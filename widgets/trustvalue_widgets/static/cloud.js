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
  const sizeOf = (count, cap) => Math.round(min + (cap - min) * Math.sqrt(count / top));
  // The biggest type at which the words' boxes cover at most half of the box.
  let cap = max;
  const area = (c) => words.reduce((sum, [word, count]) => { const s = sizeOf(count, c); return sum + (measureText(word, s, font) + 8) * s * 1.15; }, 0);
  while (cap > min && area(cap) > 0.5 * width * height) cap -= 4;
  const placed = [];
  const overlaps = (a) => placed.some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
  const place = (word, count, size) => {
    const w = measureText(word, size, font) + 8;
    const h = size * 1.15;
    if (w > width || h > height) return false;
    for (let t = 0; t < 1200; t++) {
      const angle = 0.3 * t;
      const r = 1.6 * angle;
      const box = {
        x: width / 2 + r * Math.cos(angle) * (width / height) - w / 2,
        y: height / 2 + r * Math.sin(angle) - h / 2,
        w, h,
      };
      if (box.x < 0 || box.y < 0 || box.x + w > width || box.y + h > height) continue;
      if (!overlaps(box)) { placed.push({ word, count, size, ...box }); return true; }
    }
    return false;
  };
  for (const [word, count] of words) {
    // A word that finds no place is tried smaller, down to the smallest projector type.
    for (let size = sizeOf(count, cap); size >= min; size = size > min ? Math.max(min, Math.round(size * 0.8)) : min - 1) {
      if (place(word, count, size)) break;
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
