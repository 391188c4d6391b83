// Statement sorter front end. The DOM is built once and patched in place, so
// keyboard focus and live regions survive every answer. Everything a content
// file or a learner typed is put on the page with textContent, never innerHTML.
import { follow, guardKeys, h, intent, setText, widgetRoot } from "./common.js";

const MARKS = { correct: "\u2713 ", wrong: "\u2717 ", revealed: "\u2192 " };

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-sorter");

  function place(sid, cat) {
    model.set("placements", { ...model.get("placements"), [sid]: cat });
    model.save_changes();
  }

  const title = h("div", { class: "tv-title", role: "heading", "aria-level": "3" });
  const prompt = h("p", { class: "tv-prompt" });
  const legend = h("ul", { class: "tv-legend", "aria-label": "Categories" });
  const notice = h("p", { class: "tv-notice", role: "alert" });
  const list = h("ol", { class: "tv-items" });
  const score = h("p", { class: "tv-score", role: "status", "aria-live": "polite" });
  const bar = h("div", { class: "tv-bar" }, score,
    h("button", { type: "button", class: "tv-action", text: "Retry wrong ones", onclick: () => intent(model, "retry") }),
    h("button", { type: "button", class: "tv-action", text: "Start over", onclick: () => intent(model, "reset") }),
    h("button", { type: "button", class: "tv-action", text: "Show answers", onclick: () => intent(model, "reveal") }));
  root.append(title, prompt, legend, notice, list, bar);

  // One card per statement, built when the statements or categories change.
  let cards = new Map();
  let builtFor = null;

  function build(items, categories) {
    legend.replaceChildren(...categories.map((cat, i) =>
      h("li", {}, h("strong", { text: `${i + 1}. ${cat.label}` }), h("span", { text: ` \u2014 ${cat.description}` }))));
    cards = new Map();
    list.replaceChildren(...items.map((item, index) => {
      const textId = `${uid}-${item.id}-text`;
      const card = h("li", { class: "tv-card tv-open", "data-sid": item.id });
      card.append(h("p", { class: "tv-text", id: textId, text: item.text }));
      if (item.context) card.append(h("p", { class: "tv-context", text: item.context }));
      const group = h("div", {
        class: "tv-choices", role: "group",
        "aria-label": `Statement ${index + 1}: choose a category`, "aria-describedby": textId,
      });
      const buttons = categories.map((cat, i) => h("button", {
        type: "button", class: "tv-choice", "aria-pressed": "false", "data-cat": cat.id,
        title: `${cat.label} (key ${i + 1})`, text: cat.label, onclick: () => place(item.id, cat.id),
      }));
      group.append(...buttons);
      const live = h("div", { class: "tv-feedback", "aria-live": "polite" });
      card.append(group, live);
      cards.set(item.id, { card, buttons, live, shown: "" });
      return card;
    }));
  }

  function update() {
    const items = model.get("_items");
    const categories = model.get("_categories");
    if (builtFor === null || builtFor[0] !== items || builtFor[1] !== categories) {
      build(items, categories);
      builtFor = [items, categories];
    }
    root.classList.toggle("tv-present", model.get("_presentation"));
    setText(title, model.get("_title"));
    setText(prompt, model.get("_prompt"));
    setText(notice, model.get("_notice"));
    notice.hidden = !model.get("_notice");
    setText(score, (model.get("score") || {}).summary || "");

    const placements = model.get("placements");
    const feedback = model.get("_feedback");
    for (const [sid, { card, buttons, live }] of cards) {
      const fb = feedback[sid];
      const state = fb ? (fb.correct === true ? "correct" : fb.correct === false ? "wrong" : "revealed") : "open";
      card.className = `tv-card tv-${state}`;
      for (const button of buttons) {
        button.setAttribute("aria-pressed", placements[sid] === button.dataset.cat ? "true" : "false");
      }
      const shown = fb ? MARKS[state] + fb.verdict + "\n" + fb.explanation : "";
      const entry = cards.get(sid);
      if (entry.shown !== shown) {
        entry.shown = shown;
        live.replaceChildren(...(fb ? [
          h("p", { class: "tv-verdict", text: MARKS[state] + fb.verdict }),
          h("p", { class: "tv-explanation", text: fb.explanation }),
        ] : []));
      }
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
  const unfollow = follow(model, update);
  return () => {
    unguard();
    unfollow();
  };
}

export default { render };
