"""The HTML report's stylesheet and script, inlined into every report.

They live in Python strings so that an installed arcroom (not only a
checkout) carries them, and the report never fetches anything. The script
reads the JSON island ``#ar-data`` and only ever writes ``textContent``.
"""

CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #1f2430;
  background: #eef1f5; display: flex; flex-direction: column; overflow: hidden; }
.ar-top { display: flex; align-items: center; gap: 18px; padding: 10px 18px;
  background: #2f3a4c; color: #fff; flex-wrap: wrap; }
.ar-brand h1 { margin: 0; font-size: 20px; letter-spacing: .2px; }
.ar-sub { margin: 0; font-size: 12px; color: #c9d1de; }
.ar-tabs { display: flex; gap: 6px; }
.ar-tabs button, .ar-tools button { font: inherit; border: 1px solid #56637a; background: #3b475b;
  color: #e8edf5; border-radius: 16px; padding: 5px 14px; cursor: pointer; }
.ar-tabs button[aria-selected="true"] { background: #fff; color: #2f3a4c; border-color: #fff;
  font-weight: 700; }
.ar-tools { display: flex; gap: 6px; margin-left: auto; align-items: center; }
.ar-tools button { padding: 5px 11px; min-width: 34px; }
#ar-find { font: inherit; width: 230px; padding: 5px 10px; border-radius: 16px; border: 0; }
#ar-find.ar-miss { outline: 2px solid #e8742c; }
.ar-status { padding: 5px 12px; border-radius: 16px; font-weight: 700; text-decoration: none;
  white-space: nowrap; }
.ar-ok { background: #2e9d57; color: #fff; }
.ar-error { background: #d62d2d; color: #fff; }
.ar-warning { background: #e0a020; color: #1f2430; }
.ar-info { background: #4e79a7; color: #fff; }
.ar-main { flex: 1; display: flex; min-height: 0; }
.ar-side { width: 330px; flex: none; overflow: auto; background: #fff;
  border-right: 1px solid #d6dbe3; padding: 6px 16px 24px; }
.ar-section h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .8px; color: #5a6272;
  margin: 16px 0 8px; }
.ar-season { border-bottom: 1px solid #edf0f4; padding: 6px 0; }
.ar-season h3 { font-size: 14px; font-weight: 400; margin: 4px 0; }
.ar-season summary { cursor: pointer; }
.ar-summary { margin: 6px 0; color: #454c5a; font-size: 12.5px; }
.ar-badge { font-size: 11px; background: #eceff4; color: #5a6272; border-radius: 8px;
  padding: 1px 7px; }
.ar-muted { color: #6b7385; font-size: 12px; }
.ar-arcs { list-style: none; padding: 0; margin: 4px 0 6px; }
.ar-arcs li { margin: 3px 0; }
.ar-link { font: inherit; background: none; border: 0; padding: 0; color: #1f2430; cursor: pointer;
  text-align: left; }
.ar-link:hover { text-decoration: underline; }
.ar-arcs i { display: inline-block; width: 10px; height: 10px; border-radius: 3px;
  margin-right: 7px; vertical-align: -1px; }
.ar-problems { padding-left: 18px; margin: 0; overflow-wrap: anywhere; }
.ar-problems li { margin: 0 0 10px; }
.ar-problems li.ar-error::marker { color: #d62d2d; }
.ar-problems li.ar-warning::marker { color: #e0a020; }
.ar-problems li.ar-error, .ar-problems li.ar-warning, .ar-problems li.ar-info {
  background: none; color: inherit; }
.ar-where, .ar-hint { display: block; font-size: 12px; color: #6b7385; }
.ar-hint::before { content: "hint: "; }
.ar-stage { flex: 1; position: relative; overflow: hidden; cursor: grab; }
.ar-stage.ar-panning { cursor: grabbing; }
.ar-view { position: absolute; inset: 0; display: none; }
.ar-view.ar-active { display: block; }
.ar-view > svg { position: absolute; left: 0; top: 0; transform-origin: 0 0;
  box-shadow: 0 2px 10px rgba(31, 36, 48, .15); }
.ar-help { position: absolute; right: 12px; bottom: 6px; margin: 0; font-size: 12px;
  color: #6b7385; background: rgba(255, 255, 255, .85); padding: 2px 8px; border-radius: 8px; }
g.node { cursor: pointer; }
.ar-dim g.node, .ar-dim path.edge { opacity: .25; }
.ar-dim g.node.ar-near, .ar-dim g.node.ar-sel, .ar-dim path.edge.ar-near { opacity: 1; }
g.node.ar-sel rect:first-of-type { stroke: #1f2430; stroke-width: 3; }
.ar-details { width: 360px; flex: none; overflow: auto; background: #fff;
  border-left: 1px solid #d6dbe3; padding: 14px 18px; position: relative; }
.ar-details h3 { margin: 0 28px 4px 0; font-size: 17px; }
.ar-details dl { margin: 10px 0; display: grid; grid-template-columns: 96px 1fr; gap: 4px 10px; }
.ar-details dt { color: #6b7385; font-size: 12px; }
.ar-details dd { margin: 0; font-size: 13px; overflow-wrap: anywhere; }
.ar-details h4 { margin: 14px 0 4px; font-size: 12px; text-transform: uppercase; color: #5a6272; }
.ar-details ul { margin: 0; padding-left: 18px; }
.ar-close { position: absolute; right: 10px; top: 8px; font-size: 22px; background: none;
  border: 0; cursor: pointer; color: #5a6272; }
.ar-print { display: none; }
.ar-defs { position: absolute; width: 0; height: 0; overflow: hidden; }
.ar-mini { position: absolute; right: 12px; bottom: 30px; width: 240px; height: 90px;
  background: #fff; border: 1px solid #b8c0cc; border-radius: 4px; cursor: crosshair;
  box-shadow: 0 2px 8px rgba(31, 36, 48, .2); }
.ar-axis { position: absolute; left: 0; right: 0; top: 0; height: 22px; pointer-events: none;
  background: rgba(255, 255, 255, .92); border-bottom: 1px solid #d6dbe3; overflow: hidden; }
.ar-axis span { position: absolute; top: 3px; font-size: 12px; font-weight: 700;
  color: #2f3a4c; padding-left: 4px; white-space: nowrap; }
.ar-lanes { position: absolute; left: 0; top: 22px; bottom: 0; width: 150px;
  pointer-events: none; overflow: hidden; }
.ar-lanes span { position: absolute; left: 0; width: 150px; display: flex; align-items: center;
  font-size: 12px; font-weight: 700; padding: 0 8px; overflow: hidden;
  background: rgba(236, 239, 244, .94); border-bottom: 1px solid #d3d8e0; }
/* A projector (1024 x 768): a narrower list leaves the drawing the room. */
@media (max-width: 1100px) {
  .ar-side { width: 230px; padding: 4px 10px 18px; }
  #ar-find { width: 150px; }
}
/* Print: every tab, each drawing on its own page with its own legend and axis, the
   card board as sheets season by season (each a window on the board drawn once,
   sized so that its smallest card text is 8 pt on A4 landscape, 11 pt on A3: see
   arcs/export/sheets.py), the lists last. */
@media print {
  @page { margin: 10mm; size: landscape; }
  html, body { height: auto; overflow: visible; background: #fff; display: block; }
  .ar-tools, .ar-tabs, .ar-help, .ar-details, .ar-status, .ar-close, .ar-axis,
  .ar-lanes, .ar-mini { display: none !important; }
  .ar-top { background: #fff; color: #1f2430; padding: 0 0 4mm; }
  .ar-sub { color: #5a6272; }
  .ar-main { display: flex; flex-direction: column; }
  .ar-side { order: 2; }
  .ar-stage { position: static; overflow: visible; cursor: auto; }
  .ar-view, .ar-print { display: block !important; position: static; }
  .ar-view, .ar-print-page { break-before: page; break-inside: avoid; }
  .ar-view:first-child { break-before: auto; }
  .ar-view:has(> svg#ar-board) { display: none !important; }
  .ar-view > svg { position: static; transform: none !important;
    width: 100%; height: auto; max-height: 88vh; box-shadow: none; }
  .ar-print-page > svg { display: block; width: 100%; height: auto; }
  /* No ligatures on paper: a beat id copied from the PDF keeps its "fi" (not one glyph).
     "text" alone: a sheet's cards are <use> clones, with no svg above them to match. */
  text { font-variant-ligatures: none; }
  .ar-print-page h2 { font-size: 12pt; margin: 0 0 2mm; white-space: nowrap; overflow: hidden; }
  .ar-print-page h2 .ar-muted { font-size: 11pt; font-weight: 400; }
  .ar-side { width: auto; border: 0; overflow: visible; break-before: page; padding: 0; }
  .ar-side details { display: block; }
  .ar-side details > * { display: block; }
}
"""

SCRIPT = r"""
(() => {
  'use strict';
  const data = JSON.parse(document.getElementById('ar-data').textContent);
  const stage = document.getElementById('ar-stage');
  const panes = [...document.querySelectorAll('.ar-view')];
  const tabs = [...document.querySelectorAll('.ar-tabs button')];
  const details = document.getElementById('ar-details');
  const body = document.getElementById('ar-details-body');
  const views = panes.map((pane, i) => ({ pane, svg: pane.querySelector('svg'),
    // Only the card board opens at a readable height to pan along; every other
    // drawing opens whole (the arcs of every season, even on a 1024 x 768 projector).
    info: data.views[i], s: 1, x: 0, y: 0, ready: false, whole: data.views[i].view !== 'beats',
    touched: false }));
  let current = views[0];

  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  const size = (v) => [+v.svg.getAttribute('width'), +v.svg.getAttribute('height')];
  // The card board's episodes and lane names stay in sight when it is panned or
  // zoomed: drawn over the stage's top and left edges, from the layout's frame.
  const axisBar = document.querySelector('.ar-axis');
  const laneBar = document.querySelector('.ar-lanes');
  const frame = (v) => {
    const on = v === current && v.info.axis && (v.x < 0 || v.y < 0 || v.s < 0.75);
    axisBar.hidden = laneBar.hidden = !on;
    if (!on) return;
    axisBar.replaceChildren(...v.info.axis.map(([x0, name]) => {
      const t = el('span', name); t.style.left = `${v.x + x0 * v.s}px`; return t;
    }));
    const left = -v.x / v.s;  // the drawing's x at the stage's left edge
    laneBar.replaceChildren(...v.info.lanes
      .filter(([x0, x1]) => x0 <= Math.max(left, 0) + 1 && Math.max(left, 0) < x1)
      .map(([, , y0, y1, name]) => {
        const t = el('span', name);
        t.style.top = `${v.y + y0 * v.s}px`; t.style.height = `${(y1 - y0) * v.s}px`;
        return t;
      }));
  };
  // The card board's minimap: its lanes and cards small, the part on screen outlined;
  // a click there brings that part to the middle of the stage.
  const mini = document.querySelector('.ar-mini');
  const miniScale = (v) => {
    const [w, h] = size(v);
    return Math.min(mini.width / w, mini.height / h);
  };
  const miniBack = (v) => {
    if (v.mini) return v.mini;
    const back = document.createElement('canvas');
    back.width = mini.width; back.height = mini.height;
    const g = back.getContext('2d'), k = miniScale(v);
    v.info.lanes.forEach(([x0, x1, y0, y1], i) => {
      g.fillStyle = i % 2 ? '#e4e8ee' : '#d3d9e2';
      g.fillRect(x0 * k, y0 * k, (x1 - x0) * k, Math.max((y1 - y0) * k, 1));
    });
    g.fillStyle = '#4a5a72';
    Object.values(v.info.nodes).forEach((n) => {
      const b = n.box;
      if (b) g.fillRect((b[0] - b[2] / 2) * k, (b[1] - b[3] / 2) * k,
        Math.max(b[2] * k, 1), Math.max(b[3] * k, 1));
    });
    v.mini = back;
    return back;
  };
  const drawMini = (v) => {
    const on = v === current && Boolean(v.info.lanes);
    mini.hidden = !on;
    if (!on) return;
    const g = mini.getContext('2d'), k = miniScale(v);
    g.clearRect(0, 0, mini.width, mini.height);
    g.drawImage(miniBack(v), 0, 0);
    g.strokeStyle = '#d55e00'; g.lineWidth = 2;
    g.strokeRect(-v.x / v.s * k, -v.y / v.s * k,
      stage.clientWidth / v.s * k, stage.clientHeight / v.s * k);
  };
  const apply = (v) => {
    v.svg.style.transform = `translate(${v.x}px, ${v.y}px) scale(${v.s})`;
    frame(v);
    drawMini(v);
  };
  mini.addEventListener('pointerdown', (e) => {
    e.stopPropagation();
    const r = mini.getBoundingClientRect(), k = miniScale(current);
    const px = (e.clientX - r.left) / k, py = (e.clientY - r.top) / k;
    current.x = stage.clientWidth / 2 - px * current.s;
    current.y = stage.clientHeight / 2 - py * current.s;
    current.touched = true;
    apply(current);
  });
  const fit = (v, whole) => {
    const [w, h] = size(v);
    const W = stage.clientWidth, H = stage.clientHeight;
    const pad = 16;
    let s = Math.min((W - 2 * pad) / w, (H - 2 * pad) / h, 1);
    // A long board stays readable: fit its height and pan along the story.
    if (!whole && s < 0.6) s = Math.min(1, Math.max(0.6, (H - 2 * pad) / h));
    v.s = s; v.x = Math.max(pad, (W - w * s) / 2); v.y = pad;
    v.whole = whole; v.touched = false;
    apply(v);
  };
  // Fit, pressed on the card board or the overview: the overview across the stage's
  // width; where that would shrink its text below READABLE, the season in view
  // across the width instead (its lane names over the left edge), never smaller.
  // (The whole card board fitted to a screen is a sliver no one can read.)
  const READABLE = 0.85;  // the drawings' 11 px text at 9.35 px
  const NAMES = 150;  // the lane-name bar's width (.ar-lanes)
  const seasonAt = (v) => {
    const bands = v.info.bands || [];
    const middle = (stage.clientWidth / 2 - v.x) / v.s;
    const band = bands.find((b) => middle < b[2]) || bands[bands.length - 1];
    return band ? band[0] : null;
  };
  const fitWidth = (v, season) => {
    const [w] = size(v);
    const W = stage.clientWidth, pad = 16;
    const whole = (W - 2 * pad) / w;
    const band = (v.info.bands || []).find((b) => b[0] === season);
    if (whole >= READABLE || !band) {
      v.s = Math.min(Math.max(whole, READABLE), 1.5); v.x = pad;
    } else {
      const [, x0, x1] = band;
      v.s = Math.max(READABLE, Math.min(1.5, (W - NAMES - 2 * pad) / (x1 - x0)));
      v.x = NAMES + pad - x0 * v.s;
    }
    v.y = pad; v.whole = true; v.touched = false; v.season = season;
    apply(v);
  };
  // A drawing first shown (or shown again after a resize): the overview by Fit's
  // rule (its first season, or the one last fitted), the others as they open.
  const refit = (v) => {
    if (v.info.view === 'overview') fitWidth(v, v.season || ((v.info.bands || [])[0] || [])[0]);
    else fit(v, v.whole);
  };
  const fitButton = () => {
    const overview = views.find((v) => v.info.view === 'overview');
    if (current.info.view === 'beats' && overview) {
      const season = seasonAt(current);
      show(views.indexOf(overview));
      fitWidth(overview, season);
    } else if (current.info.bands) fitWidth(current, seasonAt(current));
    else fit(current, true);
  };
  const zoom = (v, factor, cx, cy) => {
    const s = Math.min(4, Math.max(0.02, v.s * factor));
    v.x = cx - (cx - v.x) * (s / v.s); v.y = cy - (cy - v.y) * (s / v.s); v.s = s;
    v.touched = true;
    apply(v);
  };
  const show = (i) => {
    // The details belong to the drawing they were opened on: a new tab closes them.
    if (current !== views[i]) { details.hidden = true; clear(current); }
    current = views[i];
    frame(current);
    drawMini(current);
    panes.forEach((p, k) => p.classList.toggle('ar-active', k === i));
    tabs.forEach((t, k) => t.setAttribute('aria-selected', String(k === i)));
    if (!current.ready) { refit(current); current.ready = true; }
    // Suggest what people type, titles and names, with the id beside; a title
    // two nodes share is offered by id, so that each stays reachable.
    const nodes = Object.entries(current.info.nodes);
    const seen = {};
    nodes.forEach(([id, n]) => { const t = n.label || id; seen[t] = (seen[t] || 0) + 1; });
    const list = document.getElementById('ar-ids');
    list.replaceChildren(...nodes.map(([id, n]) => {
      const o = el('option'), t = n.label || id;
      o.value = seen[t] > 1 ? id : t;
      if (o.value !== id) o.label = id;
      return o;
    }));
  };

  const nodeOf = (v, id) => [...v.svg.querySelectorAll('g.node')].find((g) => g.dataset.id === id);
  const clear = (v) => {
    v.svg.classList.remove('ar-dim');
    v.svg.querySelectorAll('.ar-sel, .ar-near')
      .forEach((n) => n.classList.remove('ar-sel', 'ar-near'));
  };
  const centre = (v, id) => {
    const box = v.info.nodes[id].box;
    if (v.s < 0.6) v.s = 0.8;
    v.x = stage.clientWidth / 2 - box[0] * v.s; v.y = stage.clientHeight / 2 - box[1] * v.s;
    v.touched = true;
    apply(v);
  };
  const LABELS = { at: 'episode', arc: 'arc', summary: 'summary', characters: 'characters',
    factions: 'factions', changes: 'changes', tags: 'tags', setup: 'setup', payoff: 'payoff',
    flashback: 'flashback', seasons: 'seasons', first: 'from', last: 'to', beats: 'beats',
    status: 'status', faction: 'faction', faction_kind: 'kind', members: 'members',
    open: 'left open', notes: 'notes', title: 'title', name: 'name' };
  // Ids in a node's fields (its arc, characters, factions) are shown by name.
  const NAMED = new Set(['arc', 'characters', 'factions', 'faction', 'seasons']);
  const named = (id) => (data.names && data.names[id]) || id;
  const describe = (id, info) => {
    body.replaceChildren();
    body.append(el('h3', info.label || id), el('div', `${info.kind || ''} · ${id}`, 'ar-muted'));
    const dl = el('dl');
    Object.entries(LABELS).forEach(([key, name]) => {
      let value = info[key];
      if (value === undefined || (key === 'title' && value === info.label)) return;
      if (NAMED.has(key)) value = Array.isArray(value) ? value.map(named) : named(value);
      if (Array.isArray(value)) value = value.join(', ');
      if (value === true) value = 'yes';
      dl.append(el('dt', name), el('dd', String(value)));
    });
    body.append(dl);
    const found = (data.marks || {})[id] || [];
    if (found.length) {
      body.append(el('h4', 'Problems'));
      const ul = el('ul');
      found.forEach((m) => ul.append(el('li', m, 'ar-problem')));
      body.append(ul);
    }
  };
  // A problem may name what no drawing shows (a season, a character): its own details.
  const entity = (id) => {
    const info = (data.entities || {})[id];
    if (!info) return false;
    clear(current);
    describe(id, info);
    details.hidden = false;
    return true;
  };
  const select = (v, id, move) => {
    const info = v.info.nodes[id];
    if (!info) return false;
    clear(v);
    v.svg.classList.add('ar-dim');
    const g = nodeOf(v, id);
    if (g) g.classList.add('ar-sel');
    const near = new Set([id]);
    const before = [], after = [];
    v.info.edges.forEach(([a, b, kind, what]) => {
      const said = what || kind.replace('_', ' ');
      if (a === id) { near.add(b); after.push([b, said]); }
      if (b === id) { near.add(a); before.push([a, said]); }
    });
    v.svg.querySelectorAll('g.node').forEach((n) => {
      if (near.has(n.dataset.id) && n.dataset.id !== id) n.classList.add('ar-near');
    });
    v.svg.querySelectorAll('path.edge').forEach((p) => {
      if (p.dataset.from === id || p.dataset.to === id) p.classList.add('ar-near');
    });
    describe(id, info);
    const links = (title, list) => {
      if (!list.length) return;
      body.append(el('h4', title));
      const ul = el('ul');
      list.forEach(([other, kind]) => {
        const li = el('li');
        const b = el('button', (v.info.nodes[other] || {}).label || other, 'ar-link');
        b.type = 'button';
        b.addEventListener('click', () => select(v, other, true));
        li.append(b, el('span', ` (${kind})`, 'ar-muted'));
        ul.append(li);
      });
      body.append(ul);
    };
    links('Comes from', before);
    links('Leads to', after);
    details.hidden = false;
    if (move) centre(v, id);
    return true;
  };
  const norm = (text) => String(text || '').trim().replace(/\s+/g, ' ').toLowerCase();
  // What a reader typed: an exact id; else an id, title or name in any case,
  // then one that starts with it, then one that contains it. The view on
  // show is searched first, then the others in tab order.
  const lookup = (text) => {
    const order = [current, ...views.filter((v) => v !== current)];
    const exact = order.find((v) => v.info.nodes[text]);
    if (exact) return [exact, text];
    const q = norm(text);
    if (!q) return null;
    const tests = [(n) => n === q, (n) => n.startsWith(q), (n) => n.includes(q)];
    for (const test of tests) {
      for (const v of order) {
        const id = Object.keys(v.info.nodes).find((k) => {
          const n = v.info.nodes[k];
          return [k, n.label, n.name, n.title].some((t) => t && test(norm(t)));
        });
        if (id !== undefined) return [v, id];
      }
    }
    return null;
  };
  const find = (text) => {
    const hit = lookup(text);
    if (!hit) return entity(text);
    const [v, id] = hit;
    if (v !== current) show(views.indexOf(v));
    return select(v, id, true);
  };

  tabs.forEach((t, i) => t.addEventListener('click', () => show(i)));
  document.querySelectorAll('[data-zoom]').forEach((b) => b.addEventListener('click', () => {
    const how = b.dataset.zoom;
    if (how === 'fit') fitButton();
    else zoom(current, how === 'in' ? 1.25 : 0.8, stage.clientWidth / 2, stage.clientHeight / 2);
  }));
  document.querySelectorAll('.ar-side .ar-link[data-id]').forEach((b) =>
    b.addEventListener('click', () => find(b.dataset.id)));
  document.getElementById('ar-find').addEventListener('change', (e) => {
    e.target.classList.toggle('ar-miss', e.target.value.trim() !== '' && !find(e.target.value));
  });
  document.querySelector('.ar-close').addEventListener('click', () => {
    details.hidden = true; clear(current);
  });
  stage.addEventListener('wheel', (e) => {
    e.preventDefault();
    const r = stage.getBoundingClientRect();
    zoom(current, Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  stage.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, moved: false };
  });
  window.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true; stage.classList.add('ar-panning');
    current.x += dx; current.y += dy; drag.x = e.clientX; drag.y = e.clientY;
    current.touched = true;
    apply(current);
  });
  window.addEventListener('pointerup', (e) => {
    if (drag && !drag.moved) {
      const g = e.target.closest && e.target.closest('g.node');
      const cell = e.target.closest && e.target.closest('g.cell');
      const board = views.find((v) => v.info.view === 'beats');
      if (cell && board) {  // the overview's cell opens its first beat on the card board
        show(views.indexOf(board));
        select(board, cell.dataset.first, true);
      } else if (g) select(current, g.dataset.id, false);
      else { details.hidden = true; clear(current); }
    }
    drag = null; stage.classList.remove('ar-panning');
  });
  document.addEventListener('keydown', (e) => {
    if (e.target.tagName === 'INPUT') return;
    const cx = stage.clientWidth / 2, cy = stage.clientHeight / 2;
    if (e.key === '+' || e.key === '=') zoom(current, 1.25, cx, cy);
    else if (e.key === '-') zoom(current, 0.8, cx, cy);
    else if (e.key === 'f' || e.key === 'F') fitButton();
    else if (e.key === 'Escape') { details.hidden = true; clear(current); }
  });
  // A new window size refits the drawings the reader has not panned or zoomed
  // (the one on show now, the others when shown); the rest stay as left.
  window.addEventListener('resize', () => {
    views.forEach((v) => { if (!v.touched) v.ready = false; });
    if (!current.ready) { refit(current); current.ready = true; }
  });
  // The card board's printed sheets come out of their template when the page is
  // printed (they are <use> windows on the board: built only when needed).
  window.addEventListener('beforeprint', () => {
    const paper = document.getElementById('ar-paper');
    if (paper) paper.replaceWith(paper.content);
  });
  const opened = views.findIndex((v) => '#' + v.info.view === decodeURIComponent(location.hash));
  show(Math.max(opened, 0));
})();
"""
