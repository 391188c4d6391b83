// Case-study scorecard front end. All text goes in with textContent; the chart
// is an SVG string shown through an <img> (scripts inside an image never run).

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-scorecard");

  function setScore(id, value) {
    model.set("scores", { ...model.get("scores"), [id]: value });
    model.save_changes();
  }

  function draw() {
    const active = root.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = active ? active.dataset.focusKey : null;
    const kase = model.get("_case");
    const criteria = model.get("_criteria");
    const scores = model.get("scores");
    const result = model.get("_result");
    const revealed = model.get("revealed");
    root.classList.toggle("tv-present", model.get("_presentation"));
    root.replaceChildren();

    // The case (or the learner's own alliance).
    const story = h("section", { class: "tv-case", "aria-label": "The case" });
    if (kase.own) {
      story.append(h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "Score an alliance you know" }));
      const inputId = `${uid}-title`;
      story.append(
        h("label", { for: inputId, text: "Name of the alliance (for your chart and file): " }),
        h("input", {
          id: inputId, type: "text", maxlength: "120", value: model.get("title"), "data-focus-key": "title",
          onchange: (e) => { model.set("title", e.target.value); model.save_changes(); },
        }),
      );
    } else {
      story.append(
        h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: kase.title }),
        h("p", { class: "tv-meta", text: kase.meta }),
      );
      for (const para of kase.paragraphs) story.append(h("p", { text: para }));
    }
    root.append(story);

    // The rubric: one group of five levels per criterion.
    const form = h("div", { class: "tv-criteria" });
    let lastLens = null;
    for (const crit of criteria) {
      if (crit.lens !== lastLens) {
        lastLens = crit.lens;
        form.append(h("div", {
          class: "tv-lens", role: "heading", "aria-level": "4",
          text: crit.lens === "elements" ? "The eight elements (structure)" : "The five contrasts (spirit): 0 = Fear & Me, 4 = Trust & We",
        }));
      }
      const fs = h("fieldset", { class: "tv-criterion", "data-cid": crit.id });
      fs.append(h("legend", {}, h("strong", { text: crit.name }), h("span", { text: ` \u2014 ${crit.question}` })));
      crit.levels.forEach((text, n) => {
        const id = `${uid}-${crit.id}-${n}`;
        const checked = scores[crit.id] === n;
        const input = h("input", {
          type: "radio", id, name: `${uid}-${crit.id}`, value: String(n), checked,
          "data-focus-key": `${crit.id}:${n}`,
          onchange: () => setScore(crit.id, n),
        });
        const label = h("label", { for: id, class: checked ? "tv-level tv-chosen" : "tv-level" },
          h("strong", { text: `${n} ${crit.names[n]}` }), h("span", { text: ` \u2014 ${text}` }));
        fs.append(h("div", { class: "tv-option" }, input, label));
      });
      if (revealed && result.references && crit.id in result.references) {
        const ref = result.references[crit.id];
        fs.append(h("p", { class: "tv-ref", text: `Reference: ${ref}. ${result.reasons[crit.id] || ""}` }));
      }
      form.append(fs);
    }
    root.append(form);

    const bar = h("div", { class: "tv-bar" });
    const progress = `${result.scored || 0} of ${result.total || criteria.length} scored.`;
    bar.append(h("p", { class: "tv-progress", role: "status", "aria-live": "polite", text: progress }));
    bar.append(h("button", {
      type: "button", class: "tv-action", "data-focus-key": "compare",
      text: kase.own ? "Show my profile" : "Compare with the reference",
      onclick: () => { model.set("revealed", true); model.save_changes(); },
    }));
    root.append(bar);

    const notice = model.get("_notice");
    if (notice) root.append(h("p", { class: "tv-notice", role: "alert", text: notice }));

    // The comparison.
    if (revealed && result.verdict) {
      const out = h("section", { class: "tv-result", "aria-label": "Your result", "aria-live": "polite" });
      out.append(h("p", { class: "tv-verdict", text: result.verdict }));
      const src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(result.svg);
      out.append(h("img", { class: "tv-chart", src, alt: result.alt }));
      if (result.gaps && result.gaps.length) {
        out.append(h("div", { class: "tv-subtitle", role: "heading", "aria-level": "4", text: "Where you and the reference differ most" }));
        const ul = h("ul", { class: "tv-gaps" });
        for (const g of result.gaps) {
          ul.append(h("li", {}, h("strong", { text: `${g.name}: you ${g.learner}, reference ${g.reference}. ` }), h("span", { text: g.reason })));
        }
        out.append(ul);
      }
      if (result.weakest && result.weakest.length) {
        out.append(h("div", { class: "tv-subtitle", role: "heading", "aria-level": "4", text: "Weakest points and what they predict" }));
        const ul = h("ul", { class: "tv-weakest" });
        for (const w of result.weakest) {
          ul.append(h("li", {}, h("strong", { text: `${w.name} (${w.learner}): ` }), h("span", { text: w.predicts })));
        }
        out.append(ul);
      }
      const exports = h("div", { class: "tv-bar" });
      exports.append(
        h("button", { type: "button", class: "tv-action", "data-focus-key": "csv", text: "Download scores (CSV)",
          onclick: () => download(`${result.filename}.csv`, "text/csv", result.csv) }),
        h("button", { type: "button", class: "tv-action", "data-focus-key": "svg", text: "Download chart (SVG)",
          onclick: () => download(`${result.filename}.svg`, "image/svg+xml", result.svg) }),
      );
      out.append(exports);
      root.append(out);
    } else if (revealed) {
      const waiting = result.scored ? "Working out your comparison\u2026" : "Score at least one criterion to see your profile.";
      root.append(h("p", { class: "tv-verdict tv-waiting", text: waiting }));
    }

    if (focusKey) {
      const again = root.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
  }

  const unguard = guardKeys(root);
  const events = ["scores", "revealed", "title", "_result", "_notice", "_case", "_criteria", "_presentation"];
  for (const name of events) model.on(`change:${name}`, draw);
  draw();
  return () => {
    unguard();
    for (const name of events) model.off(`change:${name}`, draw);
  };
}

export default { render };
