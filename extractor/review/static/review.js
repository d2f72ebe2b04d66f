// Review page behaviour: keyboard shortcuts, decisions posted as same-origin JSON, moving on.
// No framework and no network beyond this server; all text is set with textContent, never HTML.
"use strict";

(function () {
  const main = document.getElementById("record");
  if (!main) return;
  const itemId = main.dataset.itemId;
  const nextUrl = main.dataset.nextUrl;
  const prevUrl = main.dataset.prevUrl;
  const selfUrl = main.dataset.selfUrl;
  const form = document.getElementById("edit-form");
  const note = document.getElementById("note");
  const errorBox = document.getElementById("error");
  const flash = document.getElementById("flash");
  let busy = false;

  function showFlash() {
    const message = sessionStorage.getItem("review-flash");
    if (!message || !flash) return;
    sessionStorage.removeItem("review-flash");
    flash.textContent = message;
    flash.hidden = false;
  }

  function showError(message, fields) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    document.querySelectorAll("[data-error-for]").forEach((el) => { el.textContent = ""; });
    Object.entries(fields || {}).forEach(([name, text]) => {
      const slot = document.querySelector('[data-error-for="' + CSS.escape(name) + '"]');
      if (slot) slot.textContent = text;
      const input = document.getElementById("edit-" + name);
      if (input) input.setAttribute("aria-invalid", "true");
    });
  }

  function go(url) {
    if (url) window.location.assign(url);
  }

  async function decide(decision, edits) {
    if (busy || !itemId) return;
    busy = true;
    document.body.classList.add("busy");
    const body = { decision: decision, note: note ? note.value : "" };
    if (edits) body.edits = edits;
    try {
      const response = await fetch("/api/items/" + encodeURIComponent(itemId) + "/review", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
      const answer = await response.json().catch(() => ({ error: "unexpected answer from the server" }));
      if (!response.ok) {
        showError(answer.error || "not saved", answer.fields);
        return;
      }
      sessionStorage.setItem("review-flash", "Saved: " + answer.status + " (" + itemId + ")");
      go(nextUrl || selfUrl);
    } catch (err) {
      showError("Not saved: the review server did not answer (" + err + "). Is `extractor review` still running?");
    } finally {
      busy = false;
      document.body.classList.remove("busy");
    }
  }

  function openEdit() {
    if (!form) return;
    form.hidden = false;
    const context = document.querySelector(".context");
    if (context) context.scrollIntoView({ block: "start" });
    const wanted = form.dataset.focus ? document.getElementById("edit-" + form.dataset.focus) : null;
    const first = wanted || form.querySelector("input, select");
    if (first) { first.focus({ preventScroll: true }); if (first.select) first.select(); }
    form.scrollIntoView({ block: "nearest" });
  }

  function closeEdit() {
    if (!form) return;
    form.hidden = true;
    errorBox.hidden = true;
    document.activeElement && document.activeElement.blur();
  }

  function collectEdits() {
    const edits = {};
    form.querySelectorAll("input[name], select[name]").forEach((el) => { edits[el.name] = el.value; });
    return edits;
  }

  const actions = {
    accept: () => decide("accept"),
    reject: () => decide("reject"),
    edit: openEdit,
    next: () => go(nextUrl),
    prev: () => go(prevUrl),
    cancel: closeEdit,
  };

  document.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => actions[button.dataset.action]());
  });

  if (form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      decide("edit", collectEdits());
    });
  }

  const filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach((select) => {
      select.addEventListener("change", () => filters.submit());
    });
  }

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    if (event.key === "Escape") {
      if (form && !form.hidden) closeEdit();
      else if (typing) target.blur();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    const map = { a: "accept", r: "reject", e: "edit", j: "next", k: "prev" };
    if (map[key]) {
      event.preventDefault();
      actions[map[key]]();
    } else if (key === "n" && note) {
      event.preventDefault();
      note.focus();
    }
  });

  // Enter in the note field accepts nothing by itself: it just leaves the field.
  if (note) {
    note.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); note.blur(); }
    });
  }

  showFlash();
  const current = document.querySelector(".queue-list .current");
  if (current) current.scrollIntoView({ block: "center" });
  const quote = document.getElementById("quote");
  if (quote) quote.scrollIntoView({ block: "nearest" });
})();
