// The workbench in the page: live reload (server-sent events), picking a segment, editing it.
// Served by `pipeline serve` only; a release build never links it.
(() => {
  "use strict";
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content || "";
  const token = meta("wb-token"); // none when the port is shared: the session cookie instead
  const facts = JSON.parse(meta("wb-page") || "{}");
  const api = facts.slug ? `/_workbench/api/${facts.lang}/${facts.slug}` : null;
  const editable = api && (facts.kind === "handout" || facts.kind === "review") && facts.lang !== "nl";
  let data = null; // the article's segments, as /_workbench/api/<lang>/<slug> gives them
  let picked = null; // the segment in the panel
  let dirty = false; // typed in the panel and not saved
  let base = null; // the catalog's digest the panel's save is made against
  let typing = null;

  // ---------------------------------------------------------------- live reload

  function affects(paths) {
    const here = location.pathname;
    return paths.some((p) => p === "*" || p === here || (p.length > 1 && p.endsWith("/") && here.startsWith(p)));
  }

  async function refresh() {
    if (dirty) {
      say("The file changed on disk while you typed: saving will show both versions.", "warn");
      return;
    }
    const response = await fetch(location.pathname, { cache: "no-store" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const y = window.scrollY;
    document.querySelectorAll("head style").forEach((node) => node.remove());
    const ours = document.head.querySelector('link[href="/_workbench/workbench.css"]');
    fresh.querySelectorAll("head style").forEach((node) => document.head.insertBefore(node, ours));
    document.title = fresh.title;
    const panel = document.getElementById("wb-panel");
    document.body.replaceChildren(...Array.from(fresh.body.childNodes));
    if (panel) document.body.appendChild(panel);
    window.scrollTo(0, y);
    await load();
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
    if (segment.kind === "title") return document.querySelector("article header h1");
    return document.querySelector(`[data-seg="${segment.index}"]`);
  }

  async function load() {
    if (!editable) return;
    const response = await fetch(api, { cache: "no-store" });
    if (!response.ok) return;
    data = await response.json();
    for (const segment of data.segments) {
      const block = blockOf(segment);
      if (!block) continue;
      block.dataset.wbSeg = String(segment.index);
      block.classList.add("wb-pickable", `wb-${segment.status}`);
      if (segment.findings.length) block.classList.add("wb-findings");
    }
    if (picked) {
      const again = data.segments.find((s) => s.msgid === picked.msgid);
      if (again) show(again);
    }
    document.documentElement.dataset.wbReady = "1";
  }

  document.addEventListener("click", (event) => {
    if (!data || event.target.closest("a, #wb-panel")) return;
    const block = event.target.closest("[data-wb-seg]");
    if (!block) return;
    if (dirty && !confirm("Discard what you typed?")) return;
    show(data.segments[Number(block.dataset.wbSeg)]);
  });

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
    node = el("aside", { id: "wb-panel", "aria-label": "Segment" },
      el("header", {}, el("span", { class: "wb-status" }), " ", el("code", { class: "wb-where" }),
        el("button", { type: "button", class: "wb-close", title: "Close" }, "×")),
      el("h2", {}, "Dutch"), el("div", { class: "wb-dutch", lang: "nl" }), el("div", { class: "wb-diff" }),
      el("h2", {}, "English"), el("textarea", { class: "wb-english", lang: "en", rows: "6" }),
      el("ul", { class: "wb-checks" }),
      el("p", { class: "wb-actions" },
        el("button", { type: "button", class: "wb-save" }, "Save (needs review)"), " ",
        el("button", { type: "button", class: "wb-reviewed" }, "Save as reviewed")),
      el("p", { class: "wb-message", role: "status" }),
      el("div", { class: "wb-conflict", hidden: "" }),
      el("h2", {}, "Translation memory"), el("ol", { class: "wb-tm" }));
    document.body.appendChild(node);
    node.querySelector(".wb-close").onclick = () => {
      node.hidden = true;
      dirty = false;
      document.documentElement.classList.remove("wb-open");
    };
    const area = node.querySelector(".wb-english");
    area.addEventListener("input", () => {
      dirty = true;
      clearTimeout(typing);
      typing = setTimeout(check, 150);
    });
    node.querySelector(".wb-save").onclick = () => save(false);
    node.querySelector(".wb-reviewed").onclick = () => save(true);
    return node;
  }

  function show(segment) {
    picked = segment;
    base = data.digest;
    dirty = false;
    const node = panel();
    node.hidden = false;
    document.documentElement.classList.add("wb-open");
    document.querySelectorAll(".wb-picked").forEach((b) => b.classList.remove("wb-picked"));
    blockOf(segment)?.classList.add("wb-picked");
    node.querySelector(".wb-status").textContent = segment.status;
    node.querySelector(".wb-status").className = `wb-status wb-badge-${segment.status}`;
    node.querySelector(".wb-where").textContent = segment.where || segment.source;
    node.querySelector(".wb-dutch").textContent = segment.msgid;
    // The diff is the server's markup: escaped text with <del>/<ins> only.
    node.querySelector(".wb-diff").innerHTML = segment.diff_html ? `Changed: ${segment.diff_html}` : "";
    const area = node.querySelector(".wb-english");
    area.value = segment.english;
    area.disabled = segment.status === "verbatim";
    node.querySelectorAll(".wb-actions button").forEach((b) => (b.disabled = area.disabled));
    node.querySelector(".wb-conflict").hidden = true;
    say(segment.status === "verbatim" ? "Kept as written: not translated." : "", "");
    findings(segment.findings);
    suggest(segment);
  }

  function findings(list) {
    const node = panel().querySelector(".wb-checks");
    node.replaceChildren(...list.map((text) => el("li", { class: text.startsWith("error") ? "wb-error" : "wb-warning" }, text)));
    if (!list.length) node.append(el("li", { class: "wb-ok" }, "No findings"));
  }

  function say(text, kind) {
    const node = panel().querySelector(".wb-message");
    node.textContent = text;
    node.className = `wb-message ${kind ? "wb-" + kind : ""}`;
  }

  async function post(action, reviewed) {
    const body = { msgid: picked.msgid, english: panel().querySelector(".wb-english").value, reviewed, base };
    const headers = { "Content-Type": "application/json" };
    if (token) headers["X-Workbench-Token"] = token;
    return fetch(`${api}/${action}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
  }

  async function check() {
    const response = await post("check", false);
    if (response.ok) findings((await response.json()).findings);
  }

  async function save(reviewed) {
    const response = await post("save", reviewed);
    if (response.status === 409) return conflict(await response.json());
    if (!response.ok) return say(`Not saved: ${await response.text()}`, "error");
    const answer = await response.json();
    base = answer.digest;
    dirty = false;
    say(reviewed ? "Saved, reviewed." : "Saved, marked as needing review.", "ok");
  }

  function conflict(answer) {
    const node = panel().querySelector(".wb-conflict");
    const useDisk = el("button", { type: "button" }, "Take the file's version");
    const keepMine = el("button", { type: "button" }, "Keep mine (save again to overwrite)");
    node.replaceChildren(
      el("p", {}, "Not saved: the catalog changed on disk after this page was loaded (another editor saved it)."),
      el("h3", {}, "On disk"), el("pre", { class: "wb-disk" }, answer.disk.english),
      el("h3", {}, "Yours"), el("pre", { class: "wb-yours" }, answer.yours.english),
      el("p", {}, useDisk, " ", keepMine));
    node.hidden = false;
    say("Conflict: nothing was lost, nothing was written.", "error");
    useDisk.onclick = () => { dirty = false; node.hidden = true; refresh(); };
    keepMine.onclick = () => { base = answer.digest; node.hidden = true; say("Save again to write yours.", "warn"); };
  }

  async function suggest(segment) {
    const node = panel().querySelector(".wb-tm");
    node.replaceChildren();
    if (segment.status === "verbatim") return;
    const response = await fetch(`${api}/suggest?msgid=${encodeURIComponent(segment.msgid)}`);
    if (!response.ok || picked !== segment) return;
    const { suggestions } = await response.json();
    for (const match of suggestions) {
      const use = el("button", { type: "button" }, "Use");
      use.onclick = () => {
        panel().querySelector(".wb-english").value = match.target;
        dirty = true;
        check();
      };
      node.append(el("li", {}, `${Math.floor(match.score)}% `, el("span", { lang: "en" }, match.target), " ",
        el("small", {}, match.origin), " ", use));
    }
    if (!suggestions.length) node.append(el("li", {}, "No match of 75% or more"));
  }

  listen();
  load();
})();
