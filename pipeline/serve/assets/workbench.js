// The workbench in the page: live reload (server-sent events), picking a segment, editing it.
// Served by `pipeline serve` only; a release build never links it.
(() => {
  "use strict";
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || "";
  let token = meta("wb-token"); // none when the port is shared: the session cookie instead
  const facts = JSON.parse(meta("wb-page") || "{}");
  const api = facts.api || null; // this page's catalog: /_workbench/api/<lang>/…
  const editable = Boolean(api);
  const source = facts.source || "nl"; // the languages are the project's
  const sourceName = facts.source_name || source;
  const TODO = new Set(["untranslated", "fuzzy"]); // what the queue visits
  const KEYS = [
    ["Alt+N / Ctrl+↓", "next untranslated or fuzzy"],
    ["Alt+P / Ctrl+↑", "previous untranslated or fuzzy"],
    ["Ctrl+Enter", "save as reviewed"],
    ["Ctrl+Shift+Enter", "save (needs review)"],
    ["Escape", "close"],
  ];
  let data = null; // the catalog's entries, as the API gives them
  let picked = null; // the entry in the panel
  let original = null; // that entry as the panel took it (what a save is made against)
  let ignored = new Set(); // ignore-… flags the translator added in the panel
  let dirty = false; // typed in the panel and not saved
  let note = ["", ""]; // the panel's message and its kind: stays until the next edit
  let typing = null;
  let stale = false; // the page shows the last good text: the catalog cannot be read now

  // ---------------------------------------------------------------- unsaved text, kept

  const draftKey = (msgid) => `wb-draft:${api}:${msgid}`;

  function keepDraft() {
    if (!picked) return;
    const text = panel().querySelector(".wb-text").value;
    const draft = { translation: text, original, ignore: [...ignored] };
    try { sessionStorage.setItem(draftKey(picked.msgid), JSON.stringify(draft)); } catch { /* full */ }
  }

  function dropDraft(msgid) {
    try { sessionStorage.removeItem(draftKey(msgid)); } catch { /* none */ }
  }

  function draftOf(msgid) {
    try { return JSON.parse(sessionStorage.getItem(draftKey(msgid)) || "null"); } catch { return null; }
  }

  window.addEventListener("beforeunload", (event) => {
    if (!dirty) return;
    keepDraft();
    event.preventDefault();
    event.returnValue = "";
  });

  // ---------------------------------------------------------------- live reload

  function affects(paths) {
    const here = location.pathname;
    return paths.some((p) => p === "*" || p === here || (p.length > 1 && p.endsWith("/") && here.startsWith(p)));
  }

  function banner(text) {
    let node = document.getElementById("wb-banner");
    if (!text) {
      node?.remove();
      document.documentElement.classList.remove("wb-stale");
      stale = false;
      return;
    }
    if (!node) {
      node = el("div", { id: "wb-banner", role: "alert" });
      document.body.prepend(node);
    }
    node.replaceChildren(el("strong", {}, "This page is stale: a file it shows cannot be read. "),
      el("code", {}, text), " The text below is the last that could be read; fix the file and it updates.");
    document.documentElement.classList.add("wb-stale");
    stale = true;
  }

  async function refresh() {
    let response;
    // The page and its entries are asked for at once (one round trip, not two).
    const entries = editable ? fetch(api, { cache: "no-store" }).catch(() => null) : null;
    try {
      response = await fetch(location.pathname + location.search, { cache: "no-store" });
    } catch {
      return; // the server is away: the event stream reconnects and tells again
    }
    if (!response.ok) return banner((await response.text()).trim());
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const y = window.scrollY;
    document.querySelectorAll("head style").forEach((node) => node.remove());
    const ours = document.head.querySelector('link[href="/_workbench/workbench.css"]');
    fresh.querySelectorAll("head style").forEach((node) => document.head.insertBefore(node, ours));
    document.title = fresh.title;
    token = fresh.querySelector('meta[name="wb-token"]')?.content || token;
    // The bar and the panel stay where they are (never moved: the focus and the text
    // being typed stay put); everything else is the fresh page.
    const kept = ["wb-bar", "wb-panel"].map((id) => document.getElementById(id)).filter(Boolean);
    for (const node of Array.from(document.body.childNodes)) if (!kept.includes(node)) node.remove();
    banner("");
    const bar = document.getElementById("wb-bar");
    const nodes = Array.from(fresh.body.childNodes);
    if (bar) bar.after(...nodes);
    else document.body.prepend(...nodes);
    window.scrollTo(0, y);
    if (facts.kind === "home") await editions();
    await load(entries);
    const root = document.documentElement;
    root.dataset.wbReloads = String(Number(root.dataset.wbReloads || 0) + 1);
  }

  function listen() {
    const events = new EventSource("/_workbench/events");
    events.onmessage = (event) => {
      const { paths } = JSON.parse(event.data);
      if (affects(paths)) refresh();
    };
    events.onopen = () => (document.documentElement.dataset.wbLive = "1");
  }

  // ---------------------------------------------------------------- picking

  function blockOf(segment) {
    if (facts.kind === "review") return document.getElementById(segment.anchor);
    if (facts.kind === "templates") return document.getElementById(segment.anchor);
    if (segment.kind === "title") return document.querySelector("article header h1");
    return document.querySelector(`[data-seg="${segment.index}"]`);
  }

  async function load(asked = null) {
    if (!editable) return;
    let response;
    try {
      response = await (asked || fetch(api, { cache: "no-store" }));
    } catch {
      return;
    }
    if (!response) return;
    if (!response.ok) return banner((await response.text()).trim());
    data = await response.json();
    if (facts.kind === "issue") locate(data.segments);
    for (const segment of data.segments) {
      const block = blockOf(segment);
      if (!block) continue;
      block.dataset.wbSeg = String(segment.index);
      block.classList.add("wb-pickable", `wb-is-${segment.status}`);
      if (!block.matches("a, button, input, textarea, select, tr")) block.tabIndex = 0;
      if ((facts.kind === "review" || facts.kind === "templates") && !block.querySelector(".wb-pick")) {
        const cell = block.querySelector("td:last-child") || block;
        cell.append(el("button", { type: "button", class: "wb-pick" }, "Edit"));
      }
      if (segment.findings.length) block.classList.add("wb-findings");
    }
    bar();
    if (picked) {
      const again = data.segments.find((s) => s.msgid === picked.msgid);
      if (again) {
        const moved = JSON.stringify(again.original) !== JSON.stringify(original);
        if (dirty) {
          picked = again; // keep the text typed and the entry as it was taken
          mark(again);
          if (moved) say("This entry changed on disk while you typed: saving will show both versions.", "warn");
        } else {
          show(again, { keepNote: true });
        }
      }
    } else {
      restore();
    }
    filter();
    document.documentElement.dataset.wbReady = "1";
  }

  // An e-mail's blocks carry no tags: find each segment by the text the draft shows.
  function plain(text) {
    return text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*_`]/g, "")
      .replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, " ").trim();
  }

  function locate(segments) {
    const blocks = Array.from(document.querySelectorAll(".preheader, h1, h2, h3, p, li, td"))
      .filter((node) => !node.closest("#wb-panel, #wb-bar"));
    for (const segment of segments) {
      const shown = plain(segment.status === "reviewed" ? segment.translation : segment.msgid);
      if (!shown) continue;
      const found = blocks.find((node) => !node.dataset.seg && plain(node.textContent) === shown)
        || blocks.find((node) => !node.dataset.seg && plain(node.textContent).startsWith(shown.slice(0, 40)));
      if (found) found.dataset.seg = String(segment.index);
    }
  }

  function restore() {
    // Unsaved text of this page kept across a reload or a restart: back in the panel.
    for (const segment of data.segments) {
      const draft = draftOf(segment.msgid);
      if (!draft) continue;
      if (draft.translation === segment.translation) { dropDraft(segment.msgid); continue; }
      show(segment);
      panel().querySelector(".wb-text").value = draft.translation;
      original = draft.original || segment.original;
      ignored = new Set(draft.ignore || []);
      dirty = true;
      say("Your unsaved text is back: save it when you are ready.", "warn");
      check();
      return;
    }
  }

  function pick(index) {
    if (!data) return;
    if (dirty && !confirm("Discard what you typed?")) return;
    if (dirty) discard();
    show(data.segments[index]);
    panel().querySelector(".wb-text").focus();
  }

  document.addEventListener("click", (event) => {
    if (!data) return;
    if (event.target.closest("#wb-panel, #wb-bar")) return;
    if (event.target.closest("a") && !event.target.closest(".wb-pick")) return;
    const block = event.target.closest("[data-wb-seg]");
    if (block) pick(Number(block.dataset.wbSeg));
  });

  document.addEventListener("keydown", (event) => {
    if (!data) return;
    const key = event.key;
    const block = event.target.closest?.("[data-wb-seg]");
    if (block && (key === "Enter" || key === " ") && event.target === block) {
      event.preventDefault();
      return pick(Number(block.dataset.wbSeg));
    }
    const next = (event.altKey && key.toLowerCase() === "n") || (event.ctrlKey && key === "ArrowDown");
    const previous = (event.altKey && key.toLowerCase() === "p") || (event.ctrlKey && key === "ArrowUp");
    if (next || previous) {
      event.preventDefault();
      return go(next ? 1 : -1);
    }
    if (!picked || panel().hidden) return;
    if (event.ctrlKey && key === "Enter") {
      event.preventDefault();
      return save(!event.shiftKey);
    }
    if (key === "Escape") {
      event.preventDefault();
      close();
    }
  });

  function matching(segment) {
    const how = document.getElementById("wb-filter")?.value || "all";
    const words = (document.getElementById("wb-search")?.value || "").trim().toLowerCase();
    if (how === "findings" ? !segment.findings.length : how !== "all" && segment.status !== how) return false;
    if (!words) return true;
    return (segment.msgid + "\n" + segment.translation).toLowerCase().includes(words);
  }

  function go(step) {
    const list = data.segments;
    const from = picked ? picked.index : step > 0 ? -1 : list.length;
    for (let i = from + step; i >= 0 && i < list.length; i += step) {
      if (TODO.has(list[i].status) && matching(list[i]) && blockOf(list[i])) return pick(i);
    }
    if (picked) say(step > 0 ? "Nothing left to do after this one." : "Nothing left to do before this one.", "ok");
  }

  // ---------------------------------------------------------------- the bar: edition, filter

  function bar() {
    let node = document.getElementById("wb-bar");
    if (!node) {
      node = el("div", { id: "wb-bar", role: "region", "aria-label": "Workbench" },
        el("p", { class: "wb-edition" }),
        el("p", { class: "wb-find", role: "search" },
          el("label", { for: "wb-filter" }, "Show "),
          el("select", { id: "wb-filter" },
            ...[["all", "all"], ["untranslated", "untranslated"], ["fuzzy", "fuzzy"], ["findings", "with findings"]]
              .map(([value, text]) => el("option", { value }, text))),
          " ", el("label", { for: "wb-search" }, "Search "),
          el("input", { id: "wb-search", type: "search", placeholder: `${sourceName} or translation` }),
          " ", el("span", { class: "wb-count", "aria-live": "polite" })),
        el("p", { class: "wb-legend" },
          el("span", { class: "wb-key wb-key-fuzzy" }, "fuzzy"), " ",
          el("span", { class: "wb-key wb-key-untranslated" }, `untranslated (the ${sourceName} shown)`), " ",
          el("span", { class: "wb-key wb-key-findings" }, "QA findings"), " ",
          ...(facts.kind === "handout" ? [el("label", { for: "wb-fuzzy" }, "Fuzzy segments show "),
            el("select", { id: "wb-fuzzy" },
              el("option", { value: "source" }, `the ${sourceName}`),
              el("option", { value: "translation" }, "their unreviewed translation"))] : [])));
      document.body.prepend(node);
      const view = node.querySelector("#wb-fuzzy");
      if (view) {
        view.value = new URLSearchParams(location.search).get("fuzzy") === "translation" ? "translation" : "source";
        view.addEventListener("change", () => {
          const url = new URL(location.href);
          if (view.value === "translation") url.searchParams.set("fuzzy", "translation");
          else url.searchParams.delete("fuzzy");
          history.replaceState(null, "", url);
          refresh();
        });
      }
      node.querySelector("#wb-filter").addEventListener("change", filter);
      node.querySelector("#wb-search").addEventListener("input", filter);
    }
    const edition = data.edition;
    const line = node.querySelector(".wb-edition");
    if (!edition) return line.replaceChildren();
    const words = { current: "current", outdated: "outdated", "held-back": "held back" }[edition.state];
    const parts = [el("strong", { class: `wb-state wb-state-${edition.state}` }, `Edition: ${words}`), " ",
      el("span", {}, edition.text)];
    if (edition.details.length) {
      parts.push(el("details", {}, el("summary", {}, `${edition.details.length} segment(s) left`),
        el("pre", {}, edition.details.join("\n"))));
    }
    line.replaceChildren(...parts);
  }

  function filter() {
    if (!data) return;
    let shown = 0;
    for (const segment of data.segments) {
      const block = blockOf(segment);
      if (!block) continue;
      const match = matching(segment);
      block.classList.toggle("wb-dim", !match);
      if (match) shown += 1;
    }
    const count = document.querySelector("#wb-bar .wb-count");
    if (count) count.textContent = `${shown} of ${data.segments.length}`;
  }

  // ---------------------------------------------------------------- the panel

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
    node.append(...children);
    return node;
  }

  function panel() {
    let node = document.getElementById("wb-panel");
    if (node) return node;
    const lang = facts.lang || "";
    node = el("aside", { id: "wb-panel", "aria-label": "Segment", hidden: "" },
      el("header", {}, el("span", { class: "wb-status" }), " ", el("code", { class: "wb-where" }),
        el("button", { type: "button", class: "wb-close", "aria-label": "Close (Escape)" }, "×")),
      el("h2", { id: "wb-source-label" }, sourceName),
      el("div", { class: "wb-dutch wb-source", lang: source, "aria-labelledby": "wb-source-label" }),
      el("div", { class: "wb-diff" }),
      el("ul", { class: "wb-comments" }),
      el("h2", {}, el("label", { for: "wb-text" }, `Translation (${facts.lang_name || lang})`)),
      el("textarea", { id: "wb-text", class: "wb-text", lang, rows: "6", "aria-describedby": "wb-keys" }),
      el("p", { class: "wb-tools" }, el("button", { type: "button", class: "wb-copy" }, `Copy ${sourceName}`)),
      el("ul", { class: "wb-checks", "aria-label": "QA findings" }),
      el("p", { class: "wb-actions" },
        el("button", { type: "button", class: "wb-save" }, "Save (needs review)"), " ",
        el("button", { type: "button", class: "wb-reviewed" }, "Save as reviewed")),
      el("p", { class: "wb-message", role: "status" }),
      el("div", { class: "wb-conflict", hidden: "" }),
      el("h2", {}, "Glossary"), el("ul", { class: "wb-glossary" }),
      el("h2", {}, "Translation memory"), el("ol", { class: "wb-tm" }),
      el("dl", { id: "wb-keys", class: "wb-keys" },
        ...KEYS.flatMap(([keys, what]) => [el("dt", {}, ...keys.split(" / ").flatMap((k, i) =>
          i ? [" / ", el("kbd", {}, k)] : [el("kbd", {}, k)])), el("dd", {}, what)])));
    document.body.appendChild(node);
    node.querySelector(".wb-close").onclick = close;
    const area = node.querySelector(".wb-text");
    area.addEventListener("input", edited);
    node.querySelector(".wb-copy").onclick = () => {
      area.value = picked.msgid;
      edited();
    };
    node.querySelector(".wb-save").onclick = () => save(false);
    node.querySelector(".wb-reviewed").onclick = () => save(true);
    return node;
  }

  function edited() {
    dirty = true;
    note = ["", ""];
    say("", "");
    keepDraft();
    clearTimeout(typing);
    typing = setTimeout(check, 150);
  }

  function discard() {
    if (picked) dropDraft(picked.msgid);
    dirty = false;
    refresh(); // what was kept back while typing, shown now
  }

  function close() {
    if (dirty && !confirm("Discard what you typed?")) return;
    if (dirty) discard();
    const node = panel();
    node.hidden = true;
    document.documentElement.classList.remove("wb-open");
    const block = picked && blockOf(picked);
    picked = null;
    block?.focus();
  }

  function mark(segment) {
    document.querySelectorAll(".wb-picked").forEach((b) => b.classList.remove("wb-picked"));
    blockOf(segment)?.classList.add("wb-picked");
  }

  function show(segment, { keepNote = false } = {}) {
    const same = picked && picked.msgid === segment.msgid;
    picked = segment;
    original = segment.original;
    if (!same) ignored = new Set();
    dirty = false;
    const node = panel();
    node.hidden = false;
    document.documentElement.classList.add("wb-open");
    mark(segment);
    // On a narrow screen the panel is a bottom sheet: the segment goes above it.
    const sheet = matchMedia("(max-width: 700px)").matches;
    blockOf(segment)?.scrollIntoView({ block: sheet ? "start" : "nearest" });
    node.querySelector(".wb-status").textContent = segment.status;
    node.querySelector(".wb-status").className = `wb-status wb-badge-${segment.status}`;
    node.querySelector(".wb-where").textContent = segment.where || segment.source || "";
    node.querySelector(".wb-dutch").textContent = segment.msgid;
    // The diff is the server's markup: escaped text with <del>/<ins> only.
    node.querySelector(".wb-diff").innerHTML = segment.diff_html ? `Changed: ${segment.diff_html}` : "";
    node.querySelector(".wb-comments").replaceChildren(
      ...segment.comments.map((c) => el("li", {}, `# ${c}`)),
      ...(segment.places || []).map((p) => el("li", {}, "Appears in ", el("code", {}, p))));
    const area = node.querySelector(".wb-text");
    area.value = segment.translation;
    area.disabled = segment.status === "verbatim";
    node.querySelectorAll(".wb-actions button, .wb-copy").forEach((b) => (b.disabled = area.disabled));
    node.querySelector(".wb-conflict").hidden = true;
    if (!(keepNote && same)) note = [segment.status === "verbatim" ? "Kept as written: not translated." : "", ""];
    say(...note);
    findings(segment.findings);
    node.querySelector(".wb-glossary").replaceChildren(...segment.glossary.map((g) =>
      el("li", {}, el("span", { lang: source }, g.found), " → ", el("strong", {}, g.target),
        g.note ? ` (${g.note})` : "")));
    if (!segment.glossary.length) node.querySelector(".wb-glossary").append(el("li", {}, "No glossary term here"));
    suggest(segment);
  }

  function findings(list) {
    const node = panel().querySelector(".wb-checks");
    node.replaceChildren(...list.map((finding) => {
      const item = el("li", { class: finding.severity === "error" ? "wb-error" : "wb-warning" }, finding.text);
      if (finding.flag && !ignored.has(finding.flag)) {
        const wrong = el("button", { type: "button", class: "wb-ignore", title: `adds #, ${finding.flag}` },
          "Not a problem");
        wrong.onclick = () => {
          ignored.add(finding.flag);
          dirty = true;
          keepDraft();
          check();
        };
        item.append(" ", wrong);
      }
      return item;
    }));
    for (const flag of ignored) node.append(el("li", { class: "wb-ignored" }, `Said to be no problem: saved as #, ${flag}`));
    if (!list.length) node.append(el("li", { class: "wb-ok" }, "No findings"));
  }

  function say(text, kind) {
    const node = panel().querySelector(".wb-message");
    node.textContent = text;
    node.className = `wb-message ${kind ? "wb-" + kind : ""}`;
  }

  async function freshToken() {
    // After a restart the run's token is new: a page of this run carries it.
    try {
      const response = await fetch(location.pathname, { cache: "no-store" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      token = page.querySelector('meta[name="wb-token"]')?.content || token;
    } catch { /* still away */ }
  }

  async function post(action, reviewed) {
    const body = {
      msgid: picked.msgid,
      translation: panel().querySelector(".wb-text").value,
      reviewed,
      original,
      ignore: [...ignored],
    };
    const headers = { "Content-Type": "application/json" };
    if (token) headers["X-Workbench-Token"] = token;
    return fetch(`${api}/${action}`, { method: "POST", headers, body: JSON.stringify(body) });
  }

  async function check() {
    if (!picked) return;
    let response;
    try {
      response = await post("check", true); // the findings a review would meet
    } catch {
      return;
    }
    if (response.ok) findings((await response.json()).findings);
    else if (response.status === 422) say(`Checks cannot run: ${(await response.text()).trim()}`, "error");
  }

  async function save(reviewed) {
    if (!picked || panel().querySelector(".wb-text").disabled) return;
    keepDraft();
    const msgid = picked.msgid;
    let response = null;
    for (let attempt = 0; attempt < 30; attempt += 1) {
      try {
        response = await post("save", reviewed);
        if (response.status !== 403 && response.status !== 503) break;
      } catch {
        response = null; // the server is away (restarting): the text stays in this tab
      }
      say(response?.status === 503
        ? "Another pipeline run holds the project: your text is kept; trying again…"
        : "The workbench is not answering: your text is kept; trying again…", "warn");
      await new Promise((done) => setTimeout(done, 500));
      await freshToken();
    }
    if (!response) return say("Not saved: the workbench is not running. Your text is kept in this tab.", "error");
    if (response.status === 409) return conflict(await response.json());
    if (response.status === 422 && response.headers.get("content-type")?.includes("json")) {
      const answer = await response.json();
      findings(answer.findings);
      return say(`Not saved: ${answer.refused}`, "error");
    }
    if (!response.ok) return say(`Not saved: ${(await response.text()).trim()}`, "error");
    const answer = await response.json();
    original = answer.entry;
    ignored = new Set();
    dirty = false;
    dropDraft(msgid);
    note = [reviewed ? "Saved, reviewed." : "Saved, marked as needing review.", "ok"];
    say(...note);
  }

  function conflict(answer) {
    const node = panel().querySelector(".wb-conflict");
    const useDisk = el("button", { type: "button" }, "Discard mine, take the file's");
    const keepMine = el("button", { type: "button" }, "Keep mine (save again to overwrite)");
    node.replaceChildren(
      el("p", {}, "Not saved: this entry changed on disk after you took it (another editor saved it)."),
      el("h3", {}, "On disk"), el("pre", { class: "wb-disk" }, answer.disk.translation),
      el("h3", {}, "Yours"), el("pre", { class: "wb-yours" }, answer.yours.translation),
      el("p", {}, useDisk, " ", keepMine));
    node.hidden = false;
    say("Conflict: nothing was lost, nothing was written.", "error");
    useDisk.onclick = () => {
      panel().querySelector(".wb-text").value = answer.disk.translation;
      original = answer.disk;
      node.hidden = true;
      discard();
    };
    keepMine.onclick = () => {
      original = answer.disk;
      node.hidden = true;
      say("Save again to write yours.", "warn");
    };
  }

  async function suggest(segment) {
    const node = panel().querySelector(".wb-tm");
    node.replaceChildren();
    if (segment.status === "verbatim") return;
    let response;
    try {
      response = await fetch(`${api}/suggest?msgid=${encodeURIComponent(segment.msgid)}`);
    } catch {
      return;
    }
    if (!response.ok || picked !== segment) return;
    const { suggestions } = await response.json();
    for (const match of suggestions) {
      const use = el("button", { type: "button" }, "Use");
      use.onclick = () => {
        panel().querySelector(".wb-text").value = match.target;
        edited();
      };
      node.append(el("li", {}, `${Math.floor(match.score)}% `, el("span", { lang: facts.lang || "" }, match.target), " ",
        el("small", {}, match.origin), " ", use));
    }
    if (!suggestions.length) node.append(el("li", {}, "No match of 75% or more"));
  }

  // ---------------------------------------------------------------- the home page

  async function editions() {
    let response;
    try {
      response = await fetch("/_workbench/api/editions", { cache: "no-store" });
    } catch {
      return;
    }
    if (!response.ok) return banner((await response.text()).trim());
    const found = await response.json();
    for (const node of document.querySelectorAll("[data-edition]")) {
      const edition = found[node.dataset.edition];
      if (!edition) continue;
      node.className = `wb-state wb-state-${edition.state}`;
      node.title = edition.text;
      node.textContent = `${edition.words}, ${edition.words_left} word(s) left:`;
    }
    document.documentElement.dataset.wbReady = "1";
  }

  listen();
  if (facts.kind === "home") editions();
  load();
})();
