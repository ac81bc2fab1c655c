// The cluster map's behaviour: the hover card with the whole record, the pinned record, search. Plain ES2018, no
// network: FIG (the plotly figure), META (which record each point is) and the records are inlined by plot.py.
(async function () {
  const gd = document.getElementById("map");
  const tip = document.getElementById("tip");
  const picked = document.getElementById("picked");
  const hits = document.getElementById("hits");

  // The records are gzip+base64 when large (a third of the size); the browser's own DecompressionStream opens them.
  async function loadRecords() {
    const node = document.getElementById("records");
    if (!META.compressed) return JSON.parse(node.textContent);
    const bin = atob(node.textContent.trim());
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  // plotly.py writes numpy arrays as {dtype, bdata}; decoded here once so this script can read the coordinates.
  const TYPES = {f4: Float32Array, f8: Float64Array, i4: Int32Array};
  function decode(v) {
    if (!v || !v.bdata || !TYPES[v.dtype]) return v;
    const bin = atob(v.bdata), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TYPES[v.dtype](bytes.buffer);
  }
  FIG.data.forEach((tr) => { tr.x = decode(tr.x); tr.y = decode(tr.y); });

  const [records] = await Promise.all([loadRecords(),
    Plotly.newPlot(gd, FIG.data, FIG.layout, META.config)]);

  // Where each record sits: (trace, point) -> record, record -> (x, y) for the search layer.
  const xy = new Float64Array(records.length * 2);
  META.index.forEach((ids, t) => {
    if (!ids) return;
    const tr = gd.data[t];
    ids.forEach((r, j) => { xy[2 * r] = tr.x[j]; xy[2 * r + 1] = tr.y[j]; });
  });

  function textOf(point) {
    const ids = META.index[point.curveNumber];
    if (ids) return records[ids[point.pointNumber]];
    if (point.curveNumber === META.queryTrace) return "query\n" + META.query;
    return null;
  }

  function place(ev) {
    const pad = 14, w = tip.offsetWidth, h = tip.offsetHeight;
    let x = ev.clientX + pad, y = ev.clientY + pad;
    if (x + w > window.innerWidth) x = Math.max(0, ev.clientX - pad - w);
    if (y + h > window.innerHeight) y = Math.max(0, window.innerHeight - h);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }

  gd.on("plotly_hover", (e) => {
    const text = textOf(e.points[0]);
    if (text === null) return;
    tip.textContent = text;  // textContent: a record is shown as written, never parsed as HTML
    tip.style.display = "block";
    if (e.event) place(e.event);
  });
  gd.on("plotly_unhover", () => { tip.style.display = "none"; });
  gd.on("plotly_click", (e) => {
    const text = textOf(e.points[0]);
    if (text !== null) picked.textContent = text;
  });

  // Search: the records containing every typed word (case-insensitive) are ringed on the map.
  const lower = records.map((r) => r.toLowerCase());
  let timer = null;
  document.getElementById("search").addEventListener("input", (ev) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const words = ev.target.value.toLowerCase().split(/\s+/).filter(Boolean);
      const found = [];
      if (words.length) lower.forEach((r, i) => { if (words.every((w) => r.includes(w))) found.push(i); });
      META.index[META.searchTrace] = found;
      Plotly.restyle(gd, {x: [found.map((i) => xy[2 * i])], y: [found.map((i) => xy[2 * i + 1])],
                          name: ["search: " + found.length]}, [META.searchTrace]);
      hits.textContent = words.length ? found.length + " match" + (found.length === 1 ? "" : "es") : "";
    }, 200);
  });

  window.mapReady = {ms: performance.now(), records: records.length};
  document.body.dataset.ready = "1";
})().catch((err) => {
  document.getElementById("hits").textContent = "the map failed to load: " + err;
  window.mapReady = {error: String(err)};
});
