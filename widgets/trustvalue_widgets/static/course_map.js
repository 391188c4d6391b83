// Course map front end: a table of modules and a pointer to the next one.
// Built once; a refresh patches the rows in place.
import { follow, h, setText, widgetRoot } from "./common.js";

const MARKS = { done: "\u2713 Done", started: "\u25D0 Started", "not started": "\u25CB Not started" };

function render({ model, el }) {
  const { root } = widgetRoot(el, "tv-map");
  const next = h("p", { class: "tv-next" });
  const body = h("tbody", {});
  const table = h("table", {},
    h("caption", { text: "Modules, with the activities you have completed" }),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: "Module" }), h("th", { scope: "col", text: "Time" }),
      h("th", { scope: "col", text: "Activities done" }), h("th", { scope: "col", text: "Status" }))),
    body);
  const refresh = h("button", {
    type: "button", text: "Refresh",
    onclick: () => { model.set("refreshed", model.get("refreshed") + 1); model.save_changes(); },
  });
  root.append(h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "Your course map" }), next, table, refresh);

  let shown = null;
  function update() {
    const links = model.get("_links");
    const title = (m, text) => (links ? h("a", { href: m.path, text }) : h("span", { text }));
    const state = JSON.stringify([model.get("_modules"), model.get("_next"), links]);
    if (state === shown) return;
    shown = state;
    const nxt = model.get("_next");
    if (nxt && nxt.id) {
      next.replaceChildren(h("strong", { text: "Next: " }), title(nxt, `Module ${nxt.number}: ${nxt.title}`));
    } else {
      next.replaceChildren();
      setText(next, "Every activity is done. Well done.");
    }
    body.replaceChildren(...model.get("_modules").map((m) => h("tr", { class: `tv-${m.status.replace(" ", "-")}` },
      h("td", {}, title(m, `${m.number}. ${m.title}`)),
      h("td", { text: `${m.minutes} min` }),
      h("td", { text: `${m.done} of ${m.total}` }),
      h("td", { text: MARKS[m.status] || m.status }))));
  }

  return follow(model, update);
}

export default { render };
