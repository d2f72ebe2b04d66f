// Review page behaviour: keyboard shortcuts, decisions posted as same-origin JSON, and moving on
// without reloading the page (the next record's page is fetched and its queue and record panes are
// swapped in). No framework and no network beyond this server; all text is set with textContent,
// and swapped HTML comes from this server's autoescaped templates.
"use strict";

(function () {
  let busy = false;
  let pendingFlash = "";
  let confirmAction = null;
  const UNDO_KEY = "review-undo";

  const $ = (selector) => document.querySelector(selector);
  const main = () => document.getElementById("record");
  const itemId = () => (main() ? main().dataset.itemId : "");

  function filtersQuery(extra) {
    const params = new URLSearchParams(window.location.search);
    params.delete("item");
    Object.entries(extra || {}).forEach(([key, value]) => { if (value) params.set(key, value); });
    const text = params.toString();
    return text ? "?" + text : "";
  }

  function showFlash(message) {
    const flash = document.getElementById("flash");
    if (!flash || !message) return;
    flash.textContent = message;
    flash.hidden = false;
  }

  function showError(message, fields, prefix) {
    const box = document.getElementById("error");
    if (!box) return;
    box.textContent = message;
    box.hidden = false;
    const attribute = prefix || "data-error-for";
    document.querySelectorAll("[" + attribute + "]").forEach((el) => { el.textContent = ""; });
    Object.entries(fields || {}).forEach(([name, text]) => {
      const slot = document.querySelector("[" + attribute + '="' + CSS.escape(name) + '"]:not([hidden])');
      if (slot) slot.textContent = text;
      const input = document.getElementById("edit-" + name);
      if (input) input.setAttribute("aria-invalid", "true");
    });
  }

  // --- moving between records without a reload --------------------------------------------------

  async function swap(url, push) {
    if (!url) return;
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
    const html = await response.text();
    const next = new DOMParser().parseFromString(html, "text/html");
    [".layout", "#progress"].forEach((selector) => {
      const fresh = next.querySelector(selector);
      const old = document.querySelector(selector);
      if (fresh && old) old.replaceWith(document.adoptNode(fresh));
    });
    document.title = next.title;
    if (push !== false) window.history.pushState({}, "", url);
    document.body.dataset.version = String(Number(document.body.dataset.version || "0") + 1);
    settle();
  }

  function settle() {
    showFlash(pendingFlash);
    pendingFlash = "";
    const current = document.querySelector(".queue-list .current");
    if (current) current.scrollIntoView({ block: "center" });
    const quote = document.getElementById("quote");
    if (quote) quote.scrollIntoView({ block: "nearest" });
  }

  async function goNext(after) {
    const answer = await (await fetch("/api/next" + filtersQuery({ after: after }), { credentials: "same-origin" })).json();
    await swap("/" + filtersQuery({ item: answer.next }));
  }

  // --- writing ----------------------------------------------------------------------------------

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => ({ error: "unexpected answer from the server" }));
    return { ok: response.ok, answer: answer };
  }

  function remember(ids, item) {
    const stack = JSON.parse(sessionStorage.getItem(UNDO_KEY) || "[]");
    stack.push({ ids: ids, item: item });
    sessionStorage.setItem(UNDO_KEY, JSON.stringify(stack.slice(-200)));
  }

  async function guarded(action) {
    if (busy) return;
    busy = true;
    document.body.classList.add("busy");
    try {
      await action();
    } catch (err) {
      showError("Not saved: the review server did not answer (" + err + "). Is `extractor review` still running?");
    } finally {
      busy = false;
      document.body.classList.remove("busy");
    }
  }

  function decide(decision, edits) {
    const id = itemId();
    if (!id) return;
    return guarded(async () => {
      const note = document.getElementById("note");
      const body = { decision: decision, note: note ? note.value : "" };
      if (edits) body.edits = edits;
      const { ok, answer } = await post("/api/items/" + encodeURIComponent(id) + "/review", body);
      if (!ok) { showError(answer.error || "not saved", answer.fields); return; }
      remember([id], id);
      pendingFlash = "Saved: " + answer.status + " (" + id + ")";
      await goNext(id);
    });
  }

  function undo() {
    return guarded(async () => {
      const stack = JSON.parse(sessionStorage.getItem(UNDO_KEY) || "[]");
      const last = stack.pop();
      const { ok, answer } = await post("/api/undo", last ? { ids: last.ids } : {});
      sessionStorage.setItem(UNDO_KEY, JSON.stringify(stack));
      if (!ok) { showError(answer.error || "nothing to undo"); return; }
      pendingFlash = "Undone: " + answer.ids.length + " decision" + (answer.ids.length === 1 ? "" : "s");
      const back = last ? last.item : answer.ids[0];
      await swap("/" + filtersQuery({ item: back }));
    });
  }

  function askBulk(decision) {
    const bulk = document.getElementById("bulk");
    const count = bulk ? Number(bulk.dataset.count || "0") : 0;
    if (!count) return;
    const box = document.getElementById("confirm");
    document.getElementById("confirm-text").textContent =
      (decision === "accept" ? "Accept " : "Reject ") + count + " unreviewed record" + (count === 1 ? "" : "s") +
      " of the current filter? One decision per record is written to the log; u undoes them together.";
    box.hidden = false;
    box.querySelector('[data-action="confirm-yes"]').focus();
    confirmAction = () => guarded(async () => {
      const here = itemId();
      const { ok, answer } = await post("/api/bulk", { decision: decision, query: filtersQuery(), expected: count });
      box.hidden = true;
      if (!ok) { showError(answer.error || "not saved"); return; }
      remember(answer.ids, here || answer.ids[0]);
      pendingFlash = "Saved: " + decision + " for " + answer.ids.length + " records";
      await goNext(here);
    });
  }

  function closeConfirm() {
    const box = document.getElementById("confirm");
    if (box) box.hidden = true;
    confirmAction = null;
  }

  // --- forms --------------------------------------------------------------------------------------

  function openForm(form) {
    if (!form) return;
    form.hidden = false;
    const wanted = form.dataset.focus ? document.getElementById("edit-" + form.dataset.focus) : null;
    const first = wanted || form.querySelector("input:not([hidden]), select:not([hidden])");
    if (first) { first.focus({ preventScroll: true }); if (first.select) first.select(); }
    form.scrollIntoView({ block: "nearest" });
  }

  function closeForms() {
    document.querySelectorAll("#edit-form, #add-form").forEach((form) => { form.hidden = true; });
    const box = document.getElementById("error");
    if (box) box.hidden = true;
    if (document.activeElement) document.activeElement.blur();
  }

  function collect(form, kind) {
    const fields = {};
    form.querySelectorAll("input[name], select[name]").forEach((el) => {
      if (el.name === "kind" || (kind && el.dataset.kind && el.dataset.kind !== kind)) return;
      fields[el.name] = el.value;
    });
    return fields;
  }

  // Offsets of the selection in the document: every piece of the paragraph carries data-start.
  function documentOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const piece = node.parentElement.closest("[data-start]");
      return piece ? Number(piece.dataset.start) + offset : null;
    }
    const children = node.childNodes;
    if (offset < children.length) {
      const piece = children[offset].nodeType === Node.ELEMENT_NODE ? children[offset].closest("[data-start]") : null;
      return piece ? Number(piece.dataset.start) : null;
    }
    const last = node.querySelectorAll("[data-start]");
    const piece = last[last.length - 1];
    return piece ? Number(piece.dataset.start) + piece.textContent.length : null;
  }

  function selectionSpan() {
    const paragraph = document.getElementById("paragraph");
    const selection = window.getSelection();
    if (!paragraph || !selection || selection.isCollapsed || !selection.rangeCount) return null;
    const range = selection.getRangeAt(0);
    if (!paragraph.contains(range.startContainer) || !paragraph.contains(range.endContainer)) return null;
    const start = documentOffset(range.startContainer, range.startOffset);
    const end = documentOffset(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end, text: selection.toString() };
  }

  function showKind(form, kind) {
    form.querySelectorAll("[data-kind]").forEach((el) => { el.hidden = el.dataset.kind !== kind; });
  }

  async function openAdd() {
    const form = document.getElementById("add-form");
    const span = selectionSpan();
    if (!form) return;
    if (!span) { showError("Select the words of the missed record in the paragraph first, then press m."); return; }
    form.dataset.start = span.start;
    form.dataset.end = span.end;
    document.getElementById("add-quote").textContent = span.text;
    document.getElementById("add-start").textContent = span.start;
    document.getElementById("add-end").textContent = span.end;
    const proposal = await (await fetch(
      "/api/propose?doc=" + encodeURIComponent(form.dataset.docId) + "&start=" + span.start + "&end=" + span.end,
      { credentials: "same-origin" })).json();
    const kind = proposal.target ? "target" : (proposal.project ? "project" : "target");
    const kindSelect = document.getElementById("add-kind");
    kindSelect.value = kind;
    showKind(form, kind);
    Object.entries(proposal[kind] || {}).forEach(([name, value]) => {
      const input = form.querySelector('[name="' + CSS.escape(name) + '"][data-kind="' + kind + '"]');
      if (input) input.value = typeof value === "boolean" ? String(value) : value;
    });
    openForm(form);
  }

  function submitAdd(form) {
    return guarded(async () => {
      const kind = document.getElementById("add-kind").value;
      const note = document.getElementById("note");
      const { ok, answer } = await post("/api/records", {
        doc_id: form.dataset.docId,
        char_start: Number(form.dataset.start),
        char_end: Number(form.dataset.end),
        kind: kind,
        fields: collect(form, kind),
        note: note ? note.value : "",
      });
      if (!ok) { showError(answer.error || "not added", answer.fields, "data-add-error-for"); return; }
      remember([answer.id], itemId() || answer.id);
      pendingFlash = "Added: " + kind + " " + answer.id;
      await swap("/" + filtersQuery({ item: itemId() }), false);
    });
  }

  function toggleHelp(show) {
    const help = document.getElementById("help");
    if (help) help.hidden = show === undefined ? !help.hidden : !show;
  }

  // --- wiring (delegated, so swapped-in content needs no re-binding) -------------------------------

  const actions = {
    accept: () => decide("accept"),
    reject: () => decide("reject"),
    edit: () => openForm(document.getElementById("edit-form")),
    add: openAdd,
    undo: undo,
    next: () => swap(main() && main().dataset.nextUrl),
    prev: () => swap(main() && main().dataset.prevUrl),
    cancel: closeForms,
    help: () => toggleHelp(),
    "bulk-accept": () => askBulk("accept"),
    "bulk-reject": () => askBulk("reject"),
    "confirm-yes": () => { if (confirmAction) confirmAction(); confirmAction = null; },
    "confirm-no": closeConfirm,
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    if (button && actions[button.dataset.action]) {
      event.preventDefault();
      actions[button.dataset.action]();
      return;
    }
    const link = event.target.closest(".queue-list a, a[data-nav]");
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      swap(link.getAttribute("href"));
    }
  });

  document.addEventListener("submit", (event) => {
    if (event.target.id === "edit-form") {
      event.preventDefault();
      decide("edit", collect(event.target));
    } else if (event.target.id === "add-form") {
      event.preventDefault();
      submitAdd(event.target);
    }
  });

  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target.id === "add-kind") showKind(document.getElementById("add-form"), target.value);
    else if (target.tagName === "SELECT" && target.closest("#filters")) target.form.submit();
  });

  window.addEventListener("popstate", () => swap(window.location.pathname + window.location.search, false));

  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
    const confirmBox = document.getElementById("confirm");
    if (confirmBox && !confirmBox.hidden) {
      if (event.key === "Enter") { event.preventDefault(); actions["confirm-yes"](); }
      else if (event.key === "Escape") { event.preventDefault(); closeConfirm(); }
      return;
    }
    if (event.key === "Escape") {
      const help = document.getElementById("help");
      if (help && !help.hidden) toggleHelp(false);
      else if (document.querySelector("#edit-form:not([hidden]), #add-form:not([hidden])")) closeForms();
      else if (typing) target.blur();
      return;
    }
    if (typing && target.id === "note" && event.key === "Enter") { event.preventDefault(); target.blur(); return; }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    const map = {
      a: "accept", r: "reject", e: "edit", j: "next", k: "prev", u: "undo", m: "add", "?": "help",
      A: "bulk-accept", R: "bulk-reject",
    };
    if (map[event.key]) {
      event.preventDefault();
      actions[map[event.key]]();
    } else if (event.key === "n" && document.getElementById("note")) {
      event.preventDefault();
      document.getElementById("note").focus();
    } else if (event.key === "/" && document.getElementById("search")) {
      event.preventDefault();
      document.getElementById("search").focus();
    }
  });

  settle();
  document.body.dataset.ready = "true";  // keys work from here on
})();
