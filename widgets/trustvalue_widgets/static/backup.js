// Download all my work / Restore from a file. The file is read here and sent
// to Python as text; Python checks it before anything is written. Everything
// shown comes back from Python and goes into the page as text, never as HTML.

import { download as saveFile, h, intent, widgetRoot } from "./common.js";

const REFUSED = "This file was not restored, and nothing in this session has changed: ";

function render({ model, el }) {
  const compact = model.get("_compact");
  const { root, uid } = widgetRoot(el, "tv-backup");
  root.classList.toggle("tv-compact", compact);
  const status = h("div", { class: "tv-status", role: "status", "aria-live": "polite" });
  const input = h("input", { type: "file", accept: ".json,application/json", id: `${uid}-file`,
    class: "tv-backup-file", tabindex: "-1", "aria-label": "Backup file to restore" });

  function say(text, kind = "") {
    status.className = `tv-status${kind ? ` tv-${kind}` : ""}`;
    status.replaceChildren(h("p", { text }));
  }

  const download = h("button", { type: "button", class: "tv-download", text: "Download all my work",
    onclick: () => {
      say("Gathering your saved answers\u2026");
      intent(model, "download");
    } });
  const upload = h("button", { type: "button", class: "tv-upload", text: "Restore from a file",
    onclick: () => input.click() });

  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const max = model.get("_max_bytes");
    if (file.size > max) {
      say(`${REFUSED}it is larger than ${Math.floor(max / 1024)} KB, so it is not a backup.`, "refused");
      return;
    }
    say(`Checking ${file.name}\u2026`);
    const text = await file.text();
    model.set("upload", { name: file.name, text });
    model.save_changes();
  });

  if (compact) {
    root.append(h("div", { class: "tv-bar" },
      h("span", { class: "tv-lead", text: "On Binder, your work lasts only as long as this session:" }),
      download, upload, input));
  } else {
    root.append(
      h("div", { class: "tv-title", role: "heading", "aria-level": "3", text: "Keep your work" }),
      h("p", { text: "On Binder, your answers last only as long as the session. Download all your " +
        "work, in every module, as one small file; on a new session, restore it here and every " +
        "activity is where you left it." }),
      h("div", { class: "tv-bar" }, download, upload, input));
  }
  root.append(status);

  function onDownload() {
    const d = model.get("_download");
    if (!d || !d.text) return;
    saveFile(d.name, "application/json", d.text);
    const n = d.count;
    say(n ? `Saved ${d.name}: your answers to ${n} ${n === 1 ? "activity" : "activities"}. ` +
      "Keep it on your computer; on a new session, use Restore from a file."
      : `Saved ${d.name}. It is empty for now: no activity has saved answers yet.`, "restored");
  }

  function onResult() {
    const r = model.get("_result");
    if (!r || !r.summary) return;
    say(r.summary, r.ok ? "restored" : "refused");
    if (r.rows && r.rows.length) {
      status.append(h("ul", {}, ...r.rows.map((row) =>
        h("li", { class: `tv-kept-${row.kept}`, "data-activity": row.activity },
          h("strong", { text: `${row.where}: ` }), h("span", { text: row.message })))));
    }
  }

  model.on("change:_download", onDownload);
  model.on("change:_result", onResult);
  return () => { model.off("change:_download", onDownload); model.off("change:_result", onResult); };
}

export default { render };
