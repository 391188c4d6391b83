// A multiple-choice question: a native radio group (arrow keys move, Space
// selects, screen readers announce "radio button, n of m") and one button that
// commits the choice. Python decides what the answer means; this view only
// shows it; the helpers are the course's shared ones (./common.js).
// Everything from content or the learner goes in with textContent.

import { guardKeys, h, setText, widgetRoot } from "./common.js";

const VERDICT = {
  right: "Right",
  retry: "Not the best answer: one more try",
  revealed: "The answer",
  recorded: "Saved",
};

function render({ model, el }) {
  const { root, uid } = widgetRoot(el, "tv-question");
  const notice = h("p", { class: "tv-notice", role: "alert" });
  const legend = h("legend", { id: `${uid}-legend` });
  const fieldset = h("fieldset", { role: "radiogroup", "aria-labelledby": `${uid}-legend` }, legend);
  const button = h("button", { type: "button", class: "tv-q-commit" });
  const feedback = h("p", { class: "tv-q-feedback", role: "status", "aria-live": "polite" });
  root.append(notice, fieldset, h("div", { class: "tv-bar" }, button), feedback);

  const inputs = new Map();
  const rows = new Map();
  for (const { letter, text } of model.get("_options")) {
    const input = h("input", { type: "radio", name: uid, value: letter, id: `${uid}-${letter}` });
    const mark = h("span", { class: "tv-q-mark", "aria-hidden": "true" });
    const row = h(
      "label",
      { class: "tv-q-option" },
      input,
      h("span", { class: "tv-q-letter", text: `${letter}.` }),
      h("span", { class: "tv-q-text", text }),
      mark,
    );
    input.addEventListener("change", update);
    fieldset.append(row);
    inputs.set(letter, input);
    rows.set(letter, { row, mark });
  }

  function selected() {
    for (const [letter, input] of inputs) if (input.checked) return letter;
    return "";
  }

  function finished() {
    return ["right", "revealed"].includes(model.get("_status"));
  }

  function update() {
    const status = model.get("_status");
    const answer = model.get("answer");
    const key = model.get("_key");
    const tried = model.get("_tried") || [];
    const graded = model.get("_graded");
    setText(legend, `${model.get("_label")}: choose one option`);
    setText(notice, model.get("_notice"));
    notice.hidden = !model.get("_notice");
    for (const [letter, input] of inputs) {
      const { row, mark } = rows.get(letter);
      const blocked = !graded && (finished() || (status === "retry" && tried.includes(letter)));
      input.disabled = blocked;
      row.classList.toggle("tv-q-disabled", blocked);
      const isKey = !graded && key === letter;
      const isWrong = !graded && tried.includes(letter) && letter !== model.get("_key") && (status !== "unanswered");
      row.classList.toggle("tv-q-key", isKey);
      row.classList.toggle("tv-q-wrong", isWrong && !isKey);
      mark.textContent = isKey ? "\u2714 best answer" : isWrong ? "\u2718 not this one" : "";
    }
    const choice = selected();
    if (graded) {
      button.textContent = "Save my answer";
      button.disabled = !choice || choice === answer;
    } else {
      button.textContent = finished() ? "Answered" : "Check my answer";
      button.disabled = finished() || !choice || tried.includes(choice);
    }
    const verdict = VERDICT[status];
    feedback.className = `tv-q-feedback tv-q-${status}`;
    feedback.replaceChildren();
    if (verdict) feedback.append(h("strong", { text: `${verdict}. ` }), document.createTextNode(model.get("_message")));
  }

  function restoreChoice() {
    // After a restart, a reopen or a retry the radios show the saved answer
    // (a letter already tried wrongly is cleared, so it cannot be sent twice).
    const answer = model.get("answer");
    const status = model.get("_status");
    for (const [letter, input] of inputs) input.checked = letter === answer && status !== "retry";
    update();
  }

  button.addEventListener("click", () => {
    const choice = selected();
    if (!choice || button.disabled) return;
    model.set("answer", choice);
    model.save_changes();
  });

  const unguard = guardKeys(root);
  model.on("change:_status", restoreChoice);
  model.on("change:answer", restoreChoice);
  for (const name of ["_message", "_key", "_tried", "_notice"]) model.on(`change:${name}`, update);
  restoreChoice();
  return () => {
    unguard();
    model.off("change:_status", restoreChoice);
    model.off("change:answer", restoreChoice);
  };
}

export default { render };
