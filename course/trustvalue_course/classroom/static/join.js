// The phone's page: join a room by its code, answer the question on the trainer's screen.
// Everything shown is set with textContent: nothing a trainer or a phone typed becomes markup.
(() => {
  const base = document.body.dataset.base || "/";
  const $ = (id) => document.getElementById(id);
  const fromPath = location.pathname.slice(base.length).split("/")[1] || "";
  let code = fromPath.toUpperCase();
  let shown = null; // what the answer area was drawn for
  let busy = false;
  let deadline = null; // a quiz question's end, in this phone's clock

  const status = (text) => { $("tv-status").textContent = text; };
  const api = () => `${base}trustvalue/live/api/${encodeURIComponent(code)}`;

  async function poll() {
    if (!code) return;
    try {
      const r = await fetch(api(), { credentials: "same-origin" });
      const body = await r.json();
      if (!r.ok) { status(body.error || "This room is not open."); if (r.status === 404) showJoin(); return; }
      render(body);
    } catch (e) {
      status("No connection to the room. Retrying...");
    }
  }

  function render(body) {
    const q = body.question;
    const quiz = body.quiz || null;
    $("tv-join").hidden = true;
    $("tv-title").textContent = body.title;
    $("tv-nick").hidden = !(quiz && !quiz.nickname);
    $("tv-question").hidden = !!(quiz && !quiz.nickname);
    $("tv-quiz").hidden = !quiz || !quiz.nickname;
    if (quiz && quiz.nickname) {
      $("tv-me").textContent = `${quiz.nickname}: ${quiz.points} points`;
      deadline = quiz.ends_in === null ? null : Date.now() + quiz.ends_in * 1000;
      tick();
    }
    if (quiz && !quiz.nickname) return;
    $("tv-progress").textContent = `Question ${q.number} of ${q.total}`;
    $("tv-text").textContent = q.text;
    const waiting = q.kind === "quiz" && quiz && !quiz.started;
    const key = JSON.stringify([q.number, q.open, q.mine, waiting]);
    if (key === shown) return;
    shown = key;
    const box = $("tv-choices");
    box.replaceChildren();
    const kinds = window.tvKinds || {};
    if (kinds[q.kind]) {
      box.appendChild(kinds[q.kind](q, (value) => answer(q.number - 1, value)));
    } else {
      for (const choice of q.choices) {
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.choice = choice.id;
        const label = document.createElement("span");
        label.className = "tv-choice-label";
        label.textContent = choice.label;
        b.appendChild(label);
        if (choice.description) {
          const d = document.createElement("span");
          d.className = "tv-choice-desc";
          d.textContent = choice.description;
          b.appendChild(d);
        }
        b.setAttribute("aria-pressed", String(choice.id === q.mine));
        b.disabled = !q.open || waiting || (q.kind === "quiz" && q.mine !== null);
        b.addEventListener("click", () => answer(q.number - 1, choice.id));
        box.appendChild(b);
      }
    }
    box.setAttribute("role", kinds[q.kind] ? "presentation" : "group");
    if (kinds[q.kind]) box.removeAttribute("aria-label"); else box.setAttribute("aria-label", "Your answer");
    status(
      !q.open ? "Answers are closed: look at the screen."
      : waiting ? "Get ready: the question starts when the trainer starts the clock."
      : q.kind === "quiz" ? (q.mine ? "Answer locked in. Watch the screen." : "Choose fast: quicker right answers score more.")
      : q.mine !== null ? "Sent. You can change it until the trainer closes answers."
      : "Choose your answer.");
  }

  function tick() {
    const left = deadline === null ? null : Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    $("tv-clock").textContent = left === null ? "" : left > 0 ? `${left} s left` : "Time is up";
  }

  async function post(payload) {
    const r = await fetch(api(), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(payload),
    });
    const body = await r.json();
    if (!r.ok) status(body.error || "Not sent.");
    return r.ok;
  }

  async function answer(question, choice) {
    if (busy) return;
    busy = true;
    try {
      const ok = await post({ question, choice });
      // A refusal stays on screen: the form is redrawn only when the answer changed.
      if (ok) { shown = null; await poll(); }
    } catch (e) {
      status("Not sent: no connection. Try again.");
    } finally {
      busy = false;
    }
  }

  function showJoin() {
    $("tv-question").hidden = true;
    $("tv-nick").hidden = true;
    $("tv-join").hidden = false;
  }

  $("tv-join").addEventListener("submit", (e) => {
    e.preventDefault();
    code = $("tv-code").value.trim().toUpperCase();
    history.replaceState(null, "", `${base}join/${encodeURIComponent(code)}`);
    status("");
    poll();
  });

  $("tv-nick").addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      if (await post({ nickname: $("tv-nickname").value })) { status(""); shown = null; await poll(); }
    } catch (err) {
      status("Not sent: no connection. Try again.");
    }
  });

  if (code) poll(); else showJoin();
  setInterval(poll, 1500);
  setInterval(tick, 250);
})();
