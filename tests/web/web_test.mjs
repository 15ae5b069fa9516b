// tcplab in a real browser: serves the web build's static folder on a free local port, drives
// Debian's headless Chromium over the DevTools protocol (puppeteer-core; no browser is
// downloaded), opens every lesson, steps with the keyboard, switches to Chinese, opens a shared
// link, uploads and drops traces and captures (a bad capture too), checks the downloads (PNG, SVG,
// pcap, JSON lines) are files of their kind, and takes screenshots. It asserts what the page shows (the app's own report of the view
// and of every text drawn in the last frame, and the screenshot's pixels), and that the console
// has no errors. Exit 77 (skip) saying why when Chromium or the build is missing.
//   node web_test.mjs SITE_DIR OUT_DIR
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";

const SKIP = 77;
const [site, out] = process.argv.slice(2);
const chromium = process.env.TCPLAB_CHROMIUM || "/usr/bin/chromium";
if (!site || !out) { console.error("usage: node web_test.mjs SITE_DIR OUT_DIR"); process.exit(2); }
if (!fs.existsSync(path.join(site, "index.html"))) {
  console.log(`SKIP: no web build in ${site} (scripts/web.sh --build makes it; it needs emscripten)`);
  process.exit(SKIP);
}
if (!fs.existsSync(chromium)) {
  console.log(`SKIP: no Chromium at ${chromium} (apt-get install chromium)`);
  process.exit(SKIP);
}
let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch {
  console.log("SKIP: puppeteer-core is not installed (npm ci in tests/web)");
  process.exit(SKIP);
}
fs.mkdirSync(out, { recursive: true });

// The static server: what scripts/web.sh serves, with .wasm's MIME type.
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".data": "application/octet-stream" };
const root = path.resolve(site);
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (file === root + "/") file = path.join(root, "index.html");
  if (!file.startsWith(root + "/") || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    res.writeHead(404); res.end(); return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tcplab-chromium-"));
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: "new",
  userDataDir: profile,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--use-gl=angle", "--use-angle=swiftshader",
         "--enable-unsafe-swiftshader"],
  defaultViewport: { width: 1280, height: 800 },
  protocolTimeout: 600000,  // a busy machine: SwiftShader draws slowly
});

let failures = 0;
function check(ok, what) {
  if (ok) console.log(`ok   ${what}`); else { failures++; console.log(`FAIL ${what}`); }
}

// A PNG's pixels (8-bit RGB or RGBA, as Chromium writes them): how many distinct colours.
function distinct_colours(png) {
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20), type = png[25];
  const channels = type === 6 ? 4 : 3;
  const idat = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at), kind = png.toString("ascii", at + 4, at + 8);
    if (kind === "IDAT") idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels, prev = Buffer.alloc(stride), row = Buffer.alloc(stride);
  const colours = new Set();
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x], a = x >= channels ? row[x - channels] : 0, b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let p = v;
      if (filter === 1) p = v + a; else if (filter === 2) p = v + b; else if (filter === 3) p = v + ((a + b) >> 1);
      else if (filter === 4) { const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
        p = v + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c); }
      row[x] = p & 255;
    }
    for (let x = 0; x < stride; x += channels * 7) colours.add((row[x] << 16) | (row[x + 1] << 8) | row[x + 2]);
    row.copy(prev);
  }
  return colours.size;
}

const errors = [];
async function open_page(fragment) {
  const page = await browser.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); if (m.type() !== "log") console.log(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const started = Date.now();
  await page.goto(base + "index.html" + fragment, { waitUntil: "load" });
  await page.waitForFunction(() => window.Module && Module.calledRun &&
    (JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).texts || []).length > 0, { timeout: 60000 });
  return { page, first_frame_ms: Date.now() - started };
}
const state = (page) => page.evaluate(() => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])));
// Two frames later: what a change asked for has been drawn.
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
async function go(page, fragment) {
  await page.evaluate((f) => { location.hash = f; }, fragment);
  await page.waitForFunction((f) => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).link.includes(f.split("&")[0]), {}, fragment);
  await frames(page);
}
const has_cjk = (s) => /[\u4e00-\u9fff]/.test(s);
// The title as drawn: whole, or its start where a narrow box clips it (ImGui drops clipped glyphs).
const title_drawn = (st) => st.title.length > 0 &&
  st.texts.some((t) => t === st.title || (t.length >= Math.min(12, st.title.length) && st.title.startsWith(t)));

const { page, first_frame_ms } = await open_page("");
// The page's own marks (navigation start = 0): where the first frame's time went.
const marks = await page.evaluate(() => performance.getEntriesByType("mark").filter((m) => m.name.startsWith("tcplab:"))
  .map((m) => `${m.name.slice(7)} ${Math.round(m.startTime)}`).join(", "));
console.log(`figure: first frame ${first_frame_ms} ms after goto() as polled; the page's marks (ms): ${marks} ` +
            `(local server, headless Chromium, load ${os.loadavg()[0].toFixed(1)}; tests/web/first_frame.mjs measures it)`);
let s = await state(page);
check(s.lesson === "four-way-close" && s.language === "en" && s.mode === "model", `opens the default lesson: ${s.lesson} ${s.language} ${s.mode}`);

// TCPLAB_WEB_LESSONS=a,b: only those (while working on the test).
const lessons = process.env.TCPLAB_WEB_LESSONS ? process.env.TCPLAB_WEB_LESSONS.split(",") : s.lessons;
check(s.lessons.length >= 10, `the page lists the bundled lessons (${s.lessons.length})`);
for (const id of lessons) {
  await go(page, `lesson=${id}&lang=en&step=0`);
  s = await state(page);
  check(s.lesson === id && s.step === 0 && s.last_step > 0, `${id}: opened, ${s.last_step} steps`);
  check(title_drawn(s), `${id}: its title is drawn: "${s.title}"`);
  await page.focus("#canvas");
  const presses = Math.min(3, s.last_step);
  for (let i = 0; i < presses; i++) await page.keyboard.press("ArrowRight");
  await frames(page);
  s = await state(page);
  check(s.step === presses, `${id}: → pressed ${presses} times: step ${s.step}`);
  check(s.link === `lesson=${id}&lang=en&mode=model&step=${presses}`, `${id}: the address holds the view: #${s.link}`);
  // The re-run a knob change makes, up to the next frame drawn (a figure, never asserted).
  const rerun_ms = await page.evaluate(async () => {
    const t0 = performance.now();
    Module.ccall("tcplab_rerun", null, [], []);
    await new Promise((r) => requestAnimationFrame(r));
    return performance.now() - t0;
  });
  console.log(`figure: ${id}: re-run and redraw ${rerun_ms.toFixed(1)} ms`);
  const shot = await page.screenshot({ path: path.join(out, `${id}-en.png`) });
  check(distinct_colours(shot) > 8, `${id}: the screenshot is not blank (${distinct_colours(shot)} colours sampled)`);
  await go(page, `lesson=${id}&lang=zh&step=${presses}`);
  s = await state(page);
  check(s.language === "zh" && has_cjk(s.title) && title_drawn(s),
        `${id}: in Chinese, the title drawn: "${s.title}"`);
  check(s.texts.filter(has_cjk).length >= 5, `${id}: in Chinese, ${s.texts.filter(has_cjk).length} texts drawn with Chinese`);
  await page.screenshot({ path: path.join(out, `${id}-zh.png`) });
}

await page.close();  // a tab in the background gets no frames

// A shared link opens that exact view in a fresh page.
const link = "lesson=lost-last-ack&lang=zh&mode=model&step=5";
const shared = await open_page("#" + link);
s = await state(shared.page);
check(s.link === link && s.lesson === "lost-last-ack" && s.step === 5 && s.language === "zh", `a shared link restores its view: #${s.link}`);
// A bad link says why, and the page keeps working.
await shared.page.evaluate(() => { location.hash = "lesson=four-way-close&step=x"; });
await shared.page.waitForFunction(() => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).status.includes("step"));
s = await state(shared.page);
check(s.status.includes("'x'") && s.lesson === "lost-last-ack", `a bad link is refused with a reason: ${s.status}`);

await shared.page.close();

// A link with knobs and faults restores them: the run is re-made with them, and the address
// keeps them.
const knob_link = "lesson=four-way-close&lang=en&mode=model&knob.delayed_ack=200ms&drop=4&step=3";
const knobbed = await open_page("#" + knob_link);
s = await state(knobbed.page);
check(s.link === knob_link, `a link with knobs and faults restores them: #${s.link}`);
check(s.knobs.delayed_ack === "200ms" && JSON.stringify(s.dropped) === "[4]",
      `the run has the link's knob and dropped segment: ${JSON.stringify(s.knobs)} ${JSON.stringify(s.dropped)}`);
check(JSON.stringify(s.lost_segments) === "[4]", `the run shown lost segment 4: ${JSON.stringify(s.lost_segments)}`);
await knobbed.page.screenshot({ path: path.join(out, "link-knobs-faults-en.png") });
// A knob the lesson does not have, or a bad value, is refused naming it; nothing changes.
await knobbed.page.evaluate(() => { location.hash = "lesson=four-way-close&knob.time_wait=soon"; });
await knobbed.page.waitForFunction(() => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).status.includes("knob.time_wait"));
s = await state(knobbed.page);
check(s.status.includes("soon") && s.knobs.delayed_ack === "200ms" && s.knobs.time_wait === undefined,
      `a bad knob in a link is refused, naming it: ${s.status}`);

// The Linux kernel and side by side show the bundled recording, saying so on screen.
const recording_label = (st) => st.texts.find((t) => t.includes("a recording from Linux") || t.includes("录制"));
await go(knobbed.page, "lesson=four-way-close&lang=en&mode=kernel&step=0");
s = await state(knobbed.page);
check(s.mode === "kernel" && s.recording_shown && /a recording from Linux \d+\.\d+, \d{4}-\d\d-\d\d/.test(recording_label(s) || ""),
      `Linux kernel shows the recording, labelled: "${recording_label(s)}"`);
check(s.title.includes("a recording from Linux"), `the title says it is a recording: "${s.title}"`);
await knobbed.page.screenshot({ path: path.join(out, "kernel-recording-en.png") });
await go(knobbed.page, "lesson=lost-last-ack&lang=zh&mode=both&step=0");
s = await state(knobbed.page);
check(s.mode === "both" && s.recording_shown && has_cjk(recording_label(s) || "") && /Linux \d+\.\d+/.test(recording_label(s) || ""),
      `side by side in Chinese shows the recording, labelled: "${recording_label(s)}"`);
await knobbed.page.screenshot({ path: path.join(out, "side-by-side-recording-zh.png") });
// With a knob changed the recording would be a wrong run: it is not shown, and the page says why.
await go(knobbed.page, "lesson=four-way-close&lang=en&mode=kernel&knob.delayed_ack=200ms&step=0");
s = await state(knobbed.page);
check(!s.recording_shown && s.texts.some((t) => t.includes("does not match these settings")),
      "with a knob changed, the recording is not shown and the page says it does not match");
await knobbed.page.close();

// A predict link opens the lesson in predict mode; the clicker's letters answer.
const predict_link = "lesson=four-way-close&lang=en&mode=model&predict=class&step=0";
const quiz = await open_page("#" + predict_link);
s = await state(quiz.page);
check(s.predict === "class" && s.predict_phase === "asking", `a predict link opens class predict mode, a question asked (${s.predict} ${s.predict_phase})`);
await quiz.page.focus("#canvas");
await quiz.page.keyboard.press("c");
await frames(quiz.page);
s = await state(quiz.page);
check(s.predict_phase === "asking" && s.predict_chosen === 2, `the key C marks choice C (chosen ${s.predict_chosen})`);
await quiz.page.screenshot({ path: path.join(out, "predict-class-question-en.png") });
await quiz.page.keyboard.press("PageDown");
await frames(quiz.page);
s = await state(quiz.page);
check(s.predict_phase === "revealed" && s.predict_answered === 1, `PageDown reveals it (${s.predict_phase}, ${s.predict_answered} answered)`);
await quiz.page.screenshot({ path: path.join(out, "predict-class-reveal-en.png") });
await go(quiz.page, "lesson=lost-last-ack&lang=zh&mode=model&predict=student&step=0");
s = await state(quiz.page);
check(s.predict === "student" && s.predict_phase === "asking", `a student predict link in Chinese asks (${s.predict} ${s.predict_phase})`);
await quiz.page.focus("#canvas");
await quiz.page.keyboard.press("1");
await frames(quiz.page);
s = await state(quiz.page);
check(s.predict_phase === "revealed" && s.predict_chosen === 0, `the key 1 answers A, revealed at once (${s.predict_phase})`);
await quiz.page.screenshot({ path: path.join(out, "predict-student-reveal-zh.png") });
await quiz.page.close();

// Files the browser way: "Open file" takes a JSON-lines trace or a pcap/pcapng capture (shown as
// its timeline, read as the desktop reads it); a file dropped on the page opens; a bad capture is
// refused naming the packet; File > Export slide as PNG and as SVG and Save trace
// (.jsonl, .pcap) are downloads, checked to be files of their kind.
const here = path.dirname(new URL(import.meta.url).pathname);
const files = await open_page("#lesson=four-way-close&lang=en");
const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "tcplab-downloads-"));
const cdp = await files.page.target().createCDPSession();
await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
// The one file downloaded next whose name ends in `ending` (Chromium writes it complete, then
// renames it from its .crdownload name).
async function downloaded(ending) {
  for (let i = 0; i < 150; i++) {
    const found = fs.readdirSync(downloads).find((f) => f.endsWith(ending));
    if (found) return path.join(downloads, found);
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}
const wait_title = (title) => files.page.waitForFunction((t) => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).title === t,
                                                         { timeout: 30000 }, title).catch(() => {});
const upload = await files.page.$("#upload");
check(upload !== null, "the page has a file input for Open file");
// A pcap's records (classic format, either byte order, µs or ns magic): how many, or null if
// the file is not one.
function pcap_records(bytes) {
  if (bytes.length < 24) return null;
  const magic = bytes.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const be = bytes.readUInt32BE(0) === 0xa1b2c3d4 || bytes.readUInt32BE(0) === 0xa1b23c4d;
  if (!le && !be) return null;
  let n = 0;
  for (let at = 24; at < bytes.length; n++) {
    if (at + 16 > bytes.length) return null;
    const caplen = le ? bytes.readUInt32LE(at + 8) : bytes.readUInt32BE(at + 8);
    at += 16 + caplen;
    if (at > bytes.length) return null;
  }
  return n;
}
const capture = path.join(here, "../export/data/loopback-close-and-linger.pcapng");
if (upload) {
  await upload.uploadFile(path.join(here, "../../recordings/lost-last-ack.jsonl"));
  await wait_title("lost-last-ack.jsonl");
  s = await state(files.page);
  check(s.title === "lost-last-ack.jsonl" && s.last_step > 10, `an uploaded JSON-lines trace opens: "${s.title}", ${s.last_step} steps`);
  // A real capture (tests/export's: Linux loopback, two connections, 15 TCP segments; the desktop
  // reader's test pins those numbers).
  await upload.uploadFile(capture);
  await wait_title("loopback-close-and-linger.pcapng");
  await frames(files.page);
  s = await state(files.page);
  check(s.title === "loopback-close-and-linger.pcapng" && s.backend === "capture" && s.segments === 15,
        `an uploaded pcapng capture opens as a timeline: "${s.title}", ${s.backend}, ${s.segments} segments`);
  check(JSON.stringify(s.hosts) === '["client","server"]' && s.texts.includes("client") && s.texts.includes("server"),
        `its lanes are drawn: ${JSON.stringify(s.hosts)}`);
  check(s.texts.some((t) => t.includes("SYN")) && s.texts.some((t) => t.includes("FIN")),
        `its segments are drawn (${s.texts.filter((t) => /SYN|FIN/.test(t)).length} SYN/FIN labels)`);
  await files.page.screenshot({ path: path.join(out, "capture-pcapng-en.png") });
  // Saved as pcap (the desktop's writer), downloaded, and opened again: the same 15 segments.
  await files.page.evaluate(() => Module.ccall("tcplab_save_trace", null, ["string"], ["round-trip.pcap"]));
  const pcap_file = await downloaded(".pcap");
  const pcap_bytes = pcap_file ? fs.readFileSync(pcap_file) : Buffer.alloc(0);
  check(pcap_records(pcap_bytes) === 15, `Save trace as .pcap downloads a pcap of 15 packets (${pcap_file ? path.basename(pcap_file) : "nothing"}, ${pcap_bytes.length} bytes, ${pcap_records(pcap_bytes)} records)`);
  if (pcap_file) {
    await upload.uploadFile(pcap_file);
    await wait_title("round-trip.pcap");
    s = await state(files.page);
    check(s.title === "round-trip.pcap" && s.segments === 15 && s.backend === "capture",
          `the downloaded pcap opens again: "${s.title}", ${s.segments} segments`);
    // Cut in the middle of its last packet: refused, naming that packet; the view stays.
    const cut = path.join(downloads, "cut-short.pcap");
    fs.writeFileSync(cut, pcap_bytes.subarray(0, pcap_bytes.length - 10));
    await upload.uploadFile(cut);
    await files.page.waitForFunction(() => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).status.includes("cut-short"), { timeout: 30000 }).catch(() => {});
    s = await state(files.page);
    check(s.status.includes("cut-short.pcap: packet 15:") && s.title === "round-trip.pcap",
          `a capture cut short is refused, naming the packet: ${s.status}`);
    await frames(files.page);
    await files.page.screenshot({ path: path.join(out, "capture-error-en.png") });
    // Not a capture nor a trace: refused, saying what it is not.
    const junk = path.join(downloads, "notes.pcap");
    fs.writeFileSync(junk, "these are not packets\n");
    await upload.uploadFile(junk);
    await files.page.waitForFunction(() => JSON.parse(Module.ccall("tcplab_view_state", "string", [], [])).status.includes("notes.pcap"), { timeout: 30000 }).catch(() => {});
    s = await state(files.page);
    check(s.status.startsWith("notes.pcap") && s.title === "round-trip.pcap", `a file that is no capture is refused: ${s.status}`);
  }
  // The capture in Chinese: the interface's words change, the capture's names do not.
  await upload.uploadFile(capture);
  await wait_title("loopback-close-and-linger.pcapng");
  await go(files.page, "lang=zh");
  s = await state(files.page);
  check(s.language === "zh" && s.title === "loopback-close-and-linger.pcapng" && s.texts.filter(has_cjk).length >= 5,
        `a link without a lesson switches the language and keeps the capture (${s.texts.filter(has_cjk).length} Chinese texts)`);
  await files.page.screenshot({ path: path.join(out, "capture-pcapng-zh.png") });
  // Export slide as SVG: a download whose root is an <svg> element, with the lanes' names.
  await files.page.evaluate(() => Module.ccall("tcplab_export_svg", null, [], []));
  const svg_file = await downloaded(".svg");
  const svg = svg_file ? fs.readFileSync(svg_file, "utf8") : "";
  if (svg_file) fs.copyFileSync(svg_file, path.join(out, "capture-ladder-zh.svg"));  // to look at
  check(/^\s*(<\?xml[^>]*\?>\s*)?<svg\b[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg) && svg.trim().endsWith("</svg>") &&
        svg.includes(">client<") && svg.includes(">server<"),
        `Export slide as SVG downloads the slide: ${svg_file ? path.basename(svg_file) : "nothing"}, ${svg.length} bytes`);
  await go(files.page, "lang=en");
}
const dropped_text = fs.readFileSync(path.join(here, "../../recordings/four-way-close.jsonl"), "utf8");
await files.page.evaluate((text) => {
  const dt = new DataTransfer();
  dt.items.add(new File([text], "dropped.jsonl"));
  window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
}, dropped_text);
await wait_title("dropped.jsonl");
s = await state(files.page);
check(s.title === "dropped.jsonl", `a file dropped on the page opens: "${s.title}"`);
// A capture dropped on the page opens too.
const capture_bytes = [...fs.readFileSync(capture)];
await files.page.evaluate((bytes) => {
  const dt = new DataTransfer();
  dt.items.add(new File([new Uint8Array(bytes)], "dropped.pcapng"));
  window.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
}, capture_bytes);
await wait_title("dropped.pcapng");
s = await state(files.page);
check(s.title === "dropped.pcapng" && s.segments === 15, `a capture dropped on the page opens: "${s.title}", ${s.segments} segments`);
// Save trace as .jsonl: JSON lines, the header first.
await files.page.evaluate(() => Module.ccall("tcplab_save_trace", null, ["string"], ["saved.jsonl"]));
const jsonl_file = await downloaded(".jsonl");
const jsonl_lines = jsonl_file ? fs.readFileSync(jsonl_file, "utf8").trim().split("\n") : [];
let jsonl_ok = jsonl_lines.length > 15;
try { for (const line of jsonl_lines) JSON.parse(line); } catch { jsonl_ok = false; }
check(jsonl_ok, `Save trace as .jsonl downloads JSON lines: ${jsonl_file ? path.basename(jsonl_file) : "nothing"}, ${jsonl_lines.length} lines`);
await files.page.evaluate(() => Module.ccall("tcplab_save_trace", null, ["string"], ["saved.txt"]));
await frames(files.page);
s = await state(files.page);
check(s.status.includes("saved.txt") && s.status.includes(".pcap"), `Save trace refuses another ending, saying which it takes: ${s.status}`);
await files.page.evaluate(() => Module.ccall("tcplab_export_png", null, [], []));
const png_file = await downloaded(".png");
check(png_file !== null && fs.readFileSync(png_file).subarray(1, 4).toString() === "PNG" && distinct_colours(fs.readFileSync(png_file)) > 8,
      `File > Export slide as PNG downloads the slide: ${png_file ? path.basename(png_file) : "nothing"}`);
await files.page.close();
fs.rmSync(downloads, { recursive: true, force: true });

check(errors.length === 0, `no console errors${errors.length ? ": " + errors.join(" | ") : ""}`);
await browser.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
console.log(failures ? `${failures} checks failed` : "all checks passed");
process.exit(failures ? 1 : 0);
