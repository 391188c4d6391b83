// The phone's page: join a room by its code, answer the question on the trainer's screen.
// Everything shown is set with textContent: nothing a trainer or a phone typed becomes markup.
(() => {
  const base = document.body.dataset.base || "/";
  const $ = (id) => document.getElementById(id);
  const fromPath = location.pathname.slice(base.length).split("/")[1] || "";
  let code = fromPath.toUpperCase();
  let shown = null; // "number:open" of the question on screen
  let busy = false;

  const status = (text) => { $("tv-status").textContent = text; };

  async function poll() {
    if (!code) return;
    try {
      const r = await fetch(`${base}trustvalue/live/api/${encodeURIComponent(code)}`, { credentials: "same-origin" });
      const body = await r.json();
      if (!r.ok) { status(body.error || "This room is not open."); if (r.status === 404) showJoin(); return; }
      render(body);
    } catch (e) {
      status("No connection to the room. Retrying...");
    }
  }

  function render(body) {
    const q = body.question;
    $("tv-join").hidden = true;
    $("tv-question").hidden = false;
    $("tv-title").textContent = body.title;
    $("tv-progress").textContent = `Question ${q.number} of ${q.total}`;
    $("tv-text").textContent = q.text;
    const key = `${q.number}:${q.open}:${q.mine}`;
    if (key === shown) return;
    shown = key;
    const box = $("tv-choices");
    box.replaceChildren();
    for (const choice of q.choices) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = choice.label;
      b.dataset.choice = choice.id;
      b.setAttribute("aria-pressed", String(choice.id === q.mine));
      b.disabled = !q.open;
      b.addEventListener("click", () => answer(q.number - 1, choice.id));
      box.appendChild(b);
    }
    status(!q.open ? "Answers are closed: look at the screen." : q.mine ? "Answer sent. You can change it until the reveal." : "Choose your answer.");
  }

  async function answer(question, choice) {
    if (busy) return;
    busy = true;
    try {
      const r = await fetch(`${base}trustvalue/live/api/${encodeURIComponent(code)}`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ question, choice }),
      });
      const body = await r.json();
      if (!r.ok) status(body.error || "Not sent.");
      shown = null;
      await poll();
    } catch (e) {
      status("Not sent: no connection. Try again.");
    } finally {
      busy = false;
    }
  }

  function showJoin() {
    $("tv-question").hidden = true;
    $("tv-join").hidden = false;
  }

  $("tv-join").addEventListener("submit", (e) => {
    e.preventDefault();
    code = $("tv-code").value.trim().toUpperCase();
    history.replaceState(null, "", `${base}join/${encodeURIComponent(code)}`);
    status("");
    poll();
  });

  if (code) poll(); else showJoin();
  setInterval(poll, 1500);
})();
