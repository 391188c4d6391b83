// The phone's forms for the room's longer answers: a profile (a level for each item),
// a short text, and an order of items. Each builds its form from the question and calls
// send(value) when the phone sends it. Text goes in with textContent, never as markup.
(() => {
  const el = (tag, attrs = {}, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function profile(q, send) {
    const form = el("form", { class: "tv-form" });
    const mine = q.mine || {};
    q.items.forEach((item, n) => {
      const set = el("fieldset", { class: "tv-item" });
      set.appendChild(el("legend", {}, item.label));
      const row = el("div", { class: "tv-levels" });
      q.levels.forEach((name, level) => {
        const id = `tv-${n}-${level}`;
        const input = el("input", { type: "radio", name: item.id, value: String(level), id });
        if (mine[item.id] === level) input.checked = true;
        input.disabled = !q.open;
        const label = el("label", { for: id, class: "tv-level" });
        label.append(input, el("span", { class: "tv-level-num" }, String(level)), el("span", { class: "tv-level-name" }, name));
        row.appendChild(label);
      });
      set.appendChild(row);
      form.appendChild(set);
    });
    const button = el("button", { type: "submit", class: "tv-send" }, q.mine ? "Send again" : "Send my profile");
    button.disabled = !q.open;
    form.appendChild(button);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const value = {};
      const missing = [];
      for (const item of q.items) {
        const checked = form.querySelector(`input[name="${CSS.escape(item.id)}"]:checked`);
        if (checked) value[item.id] = Number(checked.value); else missing.push(item.label);
      }
      if (missing.length) {
        document.getElementById("tv-status").textContent = `Score every element first: ${missing.join(", ")}.`;
        return;
      }
      send(value);
    });
    return form;
  }

  function text(q, send) {
    const form = el("form", { class: "tv-form" });
    const label = el("label", { for: "tv-answer" }, "Your answer (a few words)");
    const area = el("textarea", { id: "tv-answer", maxlength: String(q.max), rows: "3", "aria-describedby": "tv-count" });
    area.value = q.mine || "";
    area.disabled = !q.open;
    const count = el("p", { id: "tv-count", class: "tv-count" });
    const update = () => { count.textContent = `${area.value.length} of ${q.max} characters`; };
    area.addEventListener("input", update);
    update();
    const button = el("button", { type: "submit", class: "tv-send" }, q.mine ? "Change my answer" : "Send");
    button.disabled = !q.open;
    form.append(label, area, count, button);
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (area.value.trim()) send(area.value.trim());
    });
    return form;
  }

  function rank(q, send) {
    const labels = Object.fromEntries(q.items.map((i) => [i.id, i.label]));
    let order = Array.isArray(q.mine) ? q.mine.slice() : q.items.map((i) => i.id);
    const form = el("form", { class: "tv-form" });
    const list = el("ol", { class: "tv-rank", "aria-label": "Your order, most important first" });
    const live = el("p", { class: "tv-visually-hidden", "aria-live": "polite" });
    const draw = (focusId, dir) => {
      list.replaceChildren();
      order.forEach((id, pos) => {
        const li = el("li", { class: "tv-rank-item", "data-item": id });
        li.appendChild(el("span", { class: "tv-rank-label" }, labels[id]));
        const up = el("button", { type: "button", class: "tv-move", "aria-label": `Move ${labels[id]} up` }, "\u2191");
        const down = el("button", { type: "button", class: "tv-move", "aria-label": `Move ${labels[id]} down` }, "\u2193");
        up.disabled = !q.open || pos === 0;
        down.disabled = !q.open || pos === order.length - 1;
        up.addEventListener("click", () => move(pos, -1));
        down.addEventListener("click", () => move(pos, 1));
        li.append(up, down);
        list.appendChild(li);
        if (id === focusId) {
          const target = dir < 0 && !up.disabled ? up : dir > 0 && !down.disabled ? down : up.disabled ? down : up;
          target.focus();
        }
      });
    };
    const move = (pos, dir) => {
      const to = pos + dir;
      if (to < 0 || to >= order.length) return;
      const id = order[pos];
      [order[pos], order[to]] = [order[to], order[pos]];
      live.textContent = `${labels[id]}: now number ${to + 1} of ${order.length}`;
      draw(id, dir);
    };
    draw(null, 0);
    const button = el("button", { type: "submit", class: "tv-send" }, q.mine ? "Send my order again" : "Send my order");
    button.disabled = !q.open;
    form.append(list, live, button);
    form.addEventListener("submit", (e) => { e.preventDefault(); send(order.slice()); });
    return form;
  }

  window.tvKinds = { profile, text, rank };
})();
