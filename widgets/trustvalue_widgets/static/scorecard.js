// Case-study scorecard front end. The DOM is built once and patched in place,
// so focus and live regions survive every answer. All text goes in with
// textContent; the chart is an SVG string shown through an <img> (scripts
// inside an image never run).
import { download, follow, guardKeys, h, intent, setText, svgSource, widgetRoot } from "./common.js";

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-scorecard");

  function setScore(id, value) {
    model.set("scores", { ...model.get("scores"), [id]: value });
    model.save_changes();
  }

  // The case (or the learner's own alliance).
  const kase = model.get("_case");
  // On a projector the case scrolls beside the criteria: a scroll box a keyboard can reach.
  const story = h("section", { class: "tv-case", "aria-label": "The case", tabindex: model.get("_presentation") ? "0" : null });
  let titleInput = null;
  if (kase.own) {
    const inputId = `${uid}-title`;
    titleInput = h("input", {
      id: inputId, type: "text", maxlength: "120", value: model.get("title"),
      onchange: (e) => { model.set("title", e.target.value); model.save_changes(); },
    });
    story.append(
      h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "Score an alliance you know" }),
      h("label", { for: inputId, text: "Name of the alliance (for your chart and file): " }),
      titleInput,
    );
  } else {
    story.append(
      h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: kase.title }),
      h("p", { class: "tv-meta", text: kase.meta }),
      ...kase.paragraphs.map((text) => h("p", { text })),
      ...(kase.moment ? [h("p", { class: "tv-moment" }, h("strong", { text: "What to score: " }), h("span", { text: kase.moment }))] : []),
    );
  }

  // The rubric: one group of five levels per criterion, under its lens's heading.
  const form = h("div", { class: "tv-criteria" });
  const lenses = model.get("_lenses");
  const groups = [];
  let lastLens = null;
  for (const crit of model.get("_criteria")) {
    if (crit.lens !== lastLens) {
      lastLens = crit.lens;
      form.append(h("div", { class: "tv-lens", role: "heading", "aria-level": "4", text: lenses[crit.lens] || crit.lens }));
      const silent = (kase.silent || {})[crit.lens];
      if (silent) form.append(h("p", { class: "tv-tell-apart" }, h("strong", { text: "If the story is silent: " }), h("span", { text: silent })));
    }
    const fs = h("fieldset", { class: "tv-criterion", "data-cid": crit.id });
    fs.append(h("legend", {}, h("strong", { text: crit.name }), h("span", { text: ` \u2014 ${crit.question}` })));
    const options = crit.levels.map((text, n) => {
      const id = `${uid}-${crit.id}-${n}`;
      const input = h("input", { type: "radio", id, name: `${uid}-${crit.id}`, value: String(n), onchange: () => setScore(crit.id, n) });
      const label = h("label", { for: id, class: "tv-level" },
        h("strong", { text: `${n} ${crit.names[n]}` }), h("span", { text: ` \u2014 ${text}` }));
      fs.append(h("div", { class: "tv-option" }, input, label));
      return { input, label };
    });
    for (const note of crit.notes || []) {
      fs.append(h("p", { class: "tv-tell-apart" }, h("strong", { text: `${note.label}: ` }), h("span", { text: note.text })));
    }
    const ref = h("p", { class: "tv-ref", hidden: true });
    fs.append(ref);
    form.append(fs);
    groups.push({ id: crit.id, options, ref });
  }

  const progress = h("p", { class: "tv-progress", role: "status", "aria-live": "polite" });
  const bar = h("div", { class: "tv-bar" }, progress, h("button", {
    type: "button", class: "tv-action", text: kase.own ? "Show my profile" : "Compare with the reference",
    onclick: () => intent(model, "reveal"),
  }));
  const notice = h("p", { class: "tv-notice", role: "alert" });

  // The comparison: one live region, its parts patched as the scores change.
  const verdict = h("p", { class: "tv-verdict" });
  const chart = h("img", { class: "tv-chart", alt: "" });
  const gapsTitle = h("div", { class: "tv-subtitle", role: "heading", "aria-level": "4", text: "Where you and the reference differ most" });
  const gaps = h("ul", { class: "tv-gaps" });
  const weakTitle = h("div", { class: "tv-subtitle", role: "heading", "aria-level": "4", text: "Weakest points and what they predict" });
  const weakest = h("ul", { class: "tv-weakest" });
  const exportFile = (ext, type, key) => download(`${model.get("_result").filename}.${ext}`, type, model.get("_result")[key]);
  const exports = h("div", { class: "tv-bar" },
    h("button", { type: "button", class: "tv-action", text: "Download scores (CSV)", onclick: () => exportFile("csv", "text/csv", "csv") }),
    h("button", { type: "button", class: "tv-action", text: "Download chart (SVG)", onclick: () => exportFile("svg", "image/svg+xml", "svg") }));
  const details = [chart, gapsTitle, gaps, weakTitle, weakest, exports];
  const out = h("section", { class: "tv-result", "aria-label": "Your result", "aria-live": "polite" }, verdict, ...details);
  root.append(story, form, bar, notice, out);

  let listed = { gaps: null, weakest: null };

  function update() {
    const scores = model.get("scores");
    const result = model.get("_result");
    const revealed = model.get("revealed");
    root.classList.toggle("tv-present", model.get("_presentation"));
    if (titleInput && document.activeElement !== titleInput && titleInput.value !== model.get("title")) {
      titleInput.value = model.get("title");
    }
    for (const { id, options, ref } of groups) {
      options.forEach(({ input, label }, n) => {
        const checked = scores[id] === n;
        if (input.checked !== checked) input.checked = checked;
        label.classList.toggle("tv-chosen", checked);
      });
      const known = revealed && result.references && id in result.references;
      ref.hidden = !known;
      setText(ref, known ? `Reference: ${result.references[id]}. ${result.reasons[id] || ""}` : "");
    }
    setText(progress, `${result.scored || 0} of ${result.total || groups.length} scored.`);
    setText(notice, model.get("_notice"));
    notice.hidden = !model.get("_notice");

    const full = Boolean(revealed && result.verdict);
    out.hidden = !revealed;
    verdict.classList.toggle("tv-waiting", !full);
    setText(verdict, full ? result.verdict
      : revealed ? (result.scored ? "Working out your comparison\u2026" : "Score at least one criterion to see your profile.") : "");
    for (const part of details) part.hidden = !full;
    if (!full) return;
    const src = svgSource(result.svg);
    if (chart.getAttribute("src") !== src) chart.src = src;
    chart.alt = result.alt;
    const gapItems = JSON.stringify(result.gaps || []);
    if (listed.gaps !== gapItems) {
      listed.gaps = gapItems;
      gaps.replaceChildren(...(result.gaps || []).map((g) => h("li", {},
        h("strong", { text: `${g.name}: you ${g.learner}, reference ${g.reference}. ` }), h("span", { text: g.reason }))));
    }
    gapsTitle.hidden = gaps.hidden = !(result.gaps && result.gaps.length);
    const weakItems = JSON.stringify(result.weakest || []);
    if (listed.weakest !== weakItems) {
      listed.weakest = weakItems;
      weakest.replaceChildren(...(result.weakest || []).map((w) => h("li", {},
        h("strong", { text: `${w.name} (${w.learner}): ` }), h("span", { text: w.predicts }))));
    }
    weakTitle.hidden = weakest.hidden = !(result.weakest && result.weakest.length);
  }

  const unguard = guardKeys(root);
  const unfollow = follow(model, update);
  return () => {
    unguard();
    unfollow();
  };
}

export default { render };
