// How long the page takes to show its first frame, and where that time goes: serves the web
// build's static folder on a local port, opens the page RUNS times in headless Chromium (a fresh
// profile each time: nothing cached) and prints, from navigation start, when each file arrived,
// when the wasm was compiled and the data unpacked (the runtime ready), when main() returned, and
// when the first frame of the lesson was drawn. Figures only; nothing is asserted.
//   node first_frame.mjs SITE_DIR [RUNS] [FRAGMENT]     (FRAGMENT: a link's view, "lang=zh")
// The page's own marks (performance.mark "tcplab:*", set by web_shell.html and gui_main_web.cpp)
// are used when the build has them; otherwise the runtime's hooks are wrapped from outside.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const [site, runs_text, fragment] = process.argv.slice(2);
const runs = Number(runs_text || 5);
const chromium = process.env.TCPLAB_CHROMIUM || "/usr/bin/chromium";
const puppeteer = (await import("puppeteer-core")).default;

// Served as scripts/web.sh serves it; with gzip when the browser asks (a real server would).
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".data": "application/octet-stream" };
const root = path.resolve(site);
const gzip = process.env.TCPLAB_GZIP === "1";
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (file === root + "/") file = path.join(root, "index.html");
  if (!file.startsWith(root + "/") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  const headers = { "content-type": types[path.extname(file)] || "application/octet-stream" };
  if (gzip && /gzip/.test(req.headers["accept-encoding"] || "")) {
    res.writeHead(200, { ...headers, "content-encoding": "gzip" });
    fs.createReadStream(file).pipe(zlib.createGzip()).pipe(res);
  } else {
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  }
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

// Before the page's scripts run: wraps the runtime's hooks and watches for the first frame drawn
// (a frame callback after main() in which the app reports texts drawn).
const probe = () => {
  const mark = (name) => { if (!performance.getEntriesByName(name).length) performance.mark(name); };
  let module;
  Object.defineProperty(window, "Module", {
    configurable: true,
    get: () => module,
    set: (m) => {
      module = m;
      const ready = m.onRuntimeInitialized;
      m.onRuntimeInitialized = () => {
        mark("probe:runtime-ready");
        setTimeout(() => mark("probe:main-returned"), 0);
        if (ready) ready();
      };
    },
  });
  const watch = () => {
    try {
      if (module && module.calledRun &&
          JSON.parse(module.ccall("tcplab_view_state", "string", [], [])).texts.length > 0) {
        mark("probe:first-frame");
        return;
      }
    } catch (e) { /* not ready */ }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
};

const rows = [];
for (let i = 0; i < runs; i++) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tcplab-first-frame-"));
  const browser = await puppeteer.launch({
    executablePath: chromium, headless: "new", userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--use-gl=angle", "--use-angle=swiftshader",
           "--enable-unsafe-swiftshader"],
    defaultViewport: { width: 1280, height: 800 },
  });
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(probe);
  const asked = Date.now();  // what web_test.mjs's figure counts from: the tab's own start too
  await page.goto(base + "index.html" + (fragment ? "#" + fragment : ""), { waitUntil: "load" });
  await page.waitForFunction(() => performance.getEntriesByName("probe:first-frame").length > 0 ||
                                   performance.getEntriesByName("tcplab:first-frame").length > 0, { timeout: 120000, polling: 50 });
  const row = await page.evaluate(() => {
    const at = (name) => { const e = performance.getEntriesByName(name); return e.length ? Math.round(e[0].startTime ?? e[0].responseEnd) : null; };
    const got = (file) => { const e = performance.getEntriesByType("resource").find((r) => r.name.endsWith(file)); return e ? Math.round(e.responseEnd) : null; };
    const out = { "index.js": got("index.js"), "index.wasm": got("index.wasm"), "index.data": got("index.data") };
    for (const m of performance.getEntriesByType("mark")) out[m.name] = Math.round(m.startTime);
    const first = performance.getEntriesByName("tcplab:first-frame")[0] || performance.getEntriesByName("probe:first-frame")[0];
    out.first_frame_epoch = performance.timeOrigin + first.startTime;
    return out;
  });
  row["from goto()"] = Math.round(row.first_frame_epoch - asked);
  delete row.first_frame_epoch;
  rows.push(row);
  console.log(`run ${i + 1}: ` + Object.entries(row).map(([k, v]) => `${k} ${v}`).join(", ") + " (ms from navigation start)");
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
const first = rows.map((r) => r["tcplab:first-frame"] ?? r["probe:first-frame"]).sort((a, b) => a - b);
const median = (xs) => xs[Math.floor(xs.length / 2)];
// The outside probe's figure (the same for builds with and without the page's marks; it sees the
// frame a little later than the page's own mark does).
const probed = rows.map((r) => r["probe:first-frame"]).sort((a, b) => a - b);
console.log(`first frame as probed: median ${median(probed)} ms, min ${probed[0]}, max ${probed[probed.length - 1]}`);
const from_goto = rows.map((r) => r["from goto()"]).sort((a, b) => a - b);
console.log(`first frame: median ${median(first)} ms, min ${first[0]}, max ${first[first.length - 1]} from navigation start; ` +
            `median ${median(from_goto)} ms from goto() (${runs} runs, load ${os.loadavg()[0].toFixed(2)})`);
server.close();
