// Statement sorter front end. Everything a content file or a learner typed is
// put on the page with textContent, never innerHTML.

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-sorter");

  function place(sid, cat) {
    model.set("placements", { ...model.get("placements"), [sid]: cat });
    model.save_changes();
  }

  function retry() {
    const feedback = model.get("_feedback");
    const kept = {};
    for (const [sid, cat] of Object.entries(model.get("placements"))) {
      if (!feedback[sid] || feedback[sid].correct !== false) kept[sid] = cat;
    }
    model.set("revealed", false);
    model.set("placements", kept);
    model.save_changes();
  }

  function startOver() {
    model.set("revealed", false);
    model.set("placements", {});
    model.save_changes();
  }

  function reveal() {
    model.set("revealed", true);
    model.save_changes();
  }

  function draw() {
    // Keep keyboard focus where it was across redraws.
    const active = root.contains(document.activeElement) ? document.activeElement : null;
    const focusKey = active ? active.dataset.focusKey : null;

    const categories = model.get("_categories");
    const items = model.get("_items");
    const placements = model.get("placements");
    const feedback = model.get("_feedback");
    const score = model.get("score") || {};
    root.classList.toggle("tv-present", model.get("_presentation"));
    root.replaceChildren();

    root.append(h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: model.get("_title") }));
    root.append(h("p", { class: "tv-prompt", text: model.get("_prompt") }));

    const legend = h("ul", { class: "tv-legend", "aria-label": "Categories" });
    categories.forEach((cat, i) => {
      legend.append(
        h("li", {}, h("strong", { text: `${i + 1}. ${cat.label}` }), h("span", { text: ` \u2014 ${cat.description}` })),
      );
    });
    root.append(legend);

    const notice = model.get("_notice");
    if (notice) root.append(h("p", { class: "tv-notice", role: "alert", text: notice }));

    const list = h("ol", { class: "tv-items" });
    items.forEach((item, index) => {
      const fb = feedback[item.id];
      const chosen = placements[item.id];
      const state = fb ? (fb.correct === true ? "correct" : fb.correct === false ? "wrong" : "revealed") : "open";
      const textId = `${uid}-${item.id}-text`;
      const card = h("li", { class: `tv-card tv-${state}`, "data-sid": item.id });
      card.append(h("p", { class: "tv-text", id: textId, text: item.text }));
      if (item.context) card.append(h("p", { class: "tv-context", text: item.context }));

      const group = h("div", {
        class: "tv-choices",
        role: "group",
        "aria-label": `Statement ${index + 1}: choose a category`,
        "aria-describedby": textId,
      });
      categories.forEach((cat, i) => {
        const pressed = chosen === cat.id;
        group.append(
          h("button", {
            type: "button",
            class: "tv-choice",
            "aria-pressed": pressed ? "true" : "false",
            "data-focus-key": `${item.id}:${cat.id}`,
            "data-cat": cat.id,
            title: `${cat.label} (key ${i + 1})`,
            text: cat.label,
            onclick: () => place(item.id, cat.id),
          }),
        );
      });
      card.append(group);

      const live = h("div", { class: "tv-feedback", "aria-live": "polite" });
      if (fb) {
        const mark = fb.correct === true ? "\u2713 " : fb.correct === false ? "\u2717 " : "\u2192 ";
        live.append(
          h("p", { class: "tv-verdict", text: mark + fb.verdict }),
          h("p", { class: "tv-explanation", text: fb.explanation }),
        );
      }
      card.append(live);
      list.append(card);
    });
    root.append(list);

    const bar = h("div", { class: "tv-bar" });
    bar.append(
      h("p", { class: "tv-score", role: "status", "aria-live": "polite", text: score.summary || "" }),
      h("button", { type: "button", class: "tv-action", "data-focus-key": "retry", text: "Retry wrong ones", onclick: retry }),
      h("button", { type: "button", class: "tv-action", "data-focus-key": "reset", text: "Start over", onclick: startOver }),
      h("button", { type: "button", class: "tv-action", "data-focus-key": "reveal", text: "Show answers", onclick: reveal }),
    );
    root.append(bar);

    if (focusKey) {
      const again = root.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
  }

  // Number keys choose a category while focus is inside a statement's card.
  const unguard = guardKeys(root, (event) => {
    const card = event.target.closest(".tv-card");
    const categories = model.get("_categories");
    const n = Number.parseInt(event.key, 10);
    if (card && n >= 1 && n <= categories.length) {
      event.preventDefault();
      place(card.dataset.sid, categories[n - 1].id);
    }
  });
  const events = ["placements", "revealed", "score", "_feedback", "_notice", "_items", "_categories", "_title", "_presentation"];
  for (const name of events) model.on(`change:${name}`, draw);
  draw();
  return () => {
    unguard();
    for (const name of events) model.off(`change:${name}`, draw);
  };
}

export default { render };
