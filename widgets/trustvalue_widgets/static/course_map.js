// Course map front end: a table of modules and a pointer to the next one.

const MARKS = { done: "\u2713 Done", started: "\u25D0 Started", "not started": "\u25CB Not started" };

function render({ model, el }) {
  const { root } = widgetRoot(el, "tv-map");

  function draw() {
    const modules = model.get("_modules");
    const next = model.get("_next");
    const links = model.get("_links");
    const title = (m, text) => (links ? h("a", { href: m.path, text }) : h("span", { text }));
    root.replaceChildren();
    root.append(h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "Your course map" }));
    if (next && next.id) {
      root.append(h("p", { class: "tv-next" }, h("strong", { text: "Next: " }),
        title(next, `Module ${next.number}: ${next.title}`)));
    } else {
      root.append(h("p", { class: "tv-next", text: "Every activity is done. Well done." }));
    }
    const table = h("table", {});
    table.append(h("caption", { text: "Modules, with the activities you have completed" }));
    table.append(h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: "Module" }), h("th", { scope: "col", text: "Time" }),
      h("th", { scope: "col", text: "Activities done" }), h("th", { scope: "col", text: "Status" }))));
    const body = h("tbody", {});
    for (const m of modules) {
      body.append(h("tr", { class: `tv-${m.status.replace(" ", "-")}` },
        h("td", {}, title(m, `${m.number}. ${m.title}`)),
        h("td", { text: `${m.minutes} min` }),
        h("td", { text: `${m.done} of ${m.total}` }),
        h("td", { text: MARKS[m.status] || m.status })));
    }
    table.append(body);
    root.append(table);
    root.append(h("button", { type: "button", text: "Refresh",
      onclick: () => { model.set("refreshed", model.get("refreshed") + 1); model.save_changes(); } }));
  }

  for (const name of ["_modules", "_next", "_links"]) model.on(`change:${name}`, draw);
  draw();
  return () => { for (const name of ["_modules", "_next", "_links"]) model.off(`change:${name}`, draw); };
}

export default { render };
