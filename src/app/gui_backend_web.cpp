// The browser's platform file, beside gui_backend_glfw.cpp: Emscripten's GLFW on a <canvas>,
// WebGL 2 (OpenGL ES 3), and the browser's own frame loop (requestAnimationFrame). The only web
// file that includes GLFW and GL. Everything it draws comes from GuiApp through ImGui.
#include <emscripten.h>
#include <emscripten/html5.h>

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/glfw_keys.h"
#include "app/gui_backend.h"

namespace tcplab::gui {

namespace {

constexpr const char* kGlslVersion = "#version 300 es";  // WebGL 2
constexpr const char* kCanvas = "#canvas";
// ImGui asserts on a zero frame time, which a browser reports when two frames share a clock tick
// (Chromium's virtual time does it on every frame).
constexpr float kMinFrameSeconds = 1.0f / 1000.0f;

// The first CJK block (CJK Radicals Supplement); Latin, arrows and symbols are below it.
constexpr char32_t kFirstCjk = 0x2E80;

struct WebWindow {
  GuiApp* app = nullptr;
  GLFWwindow* window = nullptr;
  WindowOptions options;
  int width = 0, height = 0;
  bool cjk_in_atlas = false;  // the font atlas holds the Chinese glyphs
  bool drawn = false;         // a frame was drawn: the atlas is a texture on the GPU
};

// The characters of `glyphs` (UTF-8) below the CJK blocks: what a page in English draws.
std::string before_cjk(const std::string& glyphs) {
  std::string out;
  for (std::size_t i = 0; i < glyphs.size();) {
    const auto lead = static_cast<unsigned char>(glyphs[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = lead;
    if (length == 3 && i + 2 < glyphs.size()) {
      c = (char32_t{lead & 0x0Fu} << 12) | (char32_t{static_cast<unsigned char>(glyphs[i + 1]) & 0x3Fu} << 6) |
          (static_cast<unsigned char>(glyphs[i + 2]) & 0x3Fu);
    }
    if (length < 3 || (length == 3 && c < kFirstCjk)) out.append(glyphs, i, length);
    i += length;
  }
  return out;
}

// Rasterises the font atlas: the Chinese glyphs (most of it) only once the page shows Chinese,
// when the browser's font comes with its list of characters (WindowOptions::glyphs); otherwise
// every glyph the app asks for. WebGL 2 takes any texture height: not rounded up to a power of
// two, the atlas uploaded before the first frame is smaller.
void build_atlas(WebWindow& web, bool with_cjk) {
  GuiApp& app = *web.app;
  std::vector<std::string> texts;
  if (!web.options.glyphs) {
    texts = app.texts_needing_glyphs();
    with_cjk = true;
  } else {
    texts = {with_cjk ? *web.options.glyphs : before_cjk(*web.options.glyphs)};
  }
  ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
  atlas.Clear();
  app.set_fonts(load_fonts(texts, web.options.font_list));
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.Build();
  web.cjk_in_atlas = with_cjk;
}

void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  auto* web = static_cast<WebWindow*>(glfwGetWindowUserPointer(window));
  if (!web || !web->app) return;
  const std::optional<AppKey> k = app_key_for_glfw(key);
  if (!k) return;
  if (action == GLFW_REPEAT && !repeats(*k)) return;
  web->app->key(*k);
}

// The canvas fills the page (web_shell.html); its drawing buffer follows its size. Set directly:
// Emscripten's glfwSetWindowSize asks for full screen when the size is the screen's.
void follow_canvas_size(WebWindow& web) {
  double css_w = 0, css_h = 0;
  emscripten_get_element_css_size(kCanvas, &css_w, &css_h);
  const int w = std::max(1, static_cast<int>(css_w));
  const int h = std::max(1, static_cast<int>(css_h));
  if (w == web.width && h == web.height) return;
  web.width = w;
  web.height = h;
  emscripten_set_canvas_element_size(kCanvas, w, h);
  web.app->relayout();
}

void frame(void* arg) {
  WebWindow& web = *static_cast<WebWindow*>(arg);
  GuiApp& app = *web.app;
  follow_canvas_size(web);
  glfwPollEvents();
  if (!web.cjk_in_atlas && app.settings().language != "en") {
    build_atlas(web, true);  // the first Chinese frame: the glyphs are there from the next one
    if (web.drawn) {
      ImGui_ImplOpenGL3_DestroyFontsTexture();
      ImGui_ImplOpenGL3_CreateFontsTexture();
    }
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGuiIO& io = ImGui::GetIO();
  io.DeltaTime = std::max(io.DeltaTime, kMinFrameSeconds);
  io.DisplaySize = {static_cast<float>(web.width), static_cast<float>(web.height)};
  io.DisplayFramebufferScale = {1, 1};
  ImGui::NewFrame();
  app.frame(io.DeltaTime);
  if (web.options.extra_ui) web.options.extra_ui();
  ImGui::Render();
  if (app.take_fullscreen_request()) {
    EmscriptenFullscreenStrategy strategy{};
    strategy.scaleMode = EMSCRIPTEN_FULLSCREEN_SCALE_STRETCH;
    if (emscripten_request_fullscreen_strategy(kCanvas, true, &strategy) != EMSCRIPTEN_RESULT_SUCCESS)
      emscripten_exit_fullscreen();
  }
  glViewport(0, 0, web.width, web.height);
  const Theme& theme = kLightTheme;
  glClearColor(theme.background.r / 255.0f, theme.background.g / 255.0f,
               theme.background.b / 255.0f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  web.drawn = true;
  if (web.options.after_frame) web.options.after_frame();
}

}  // namespace

int run_window(GuiApp& app, const WindowOptions& options) {
  glfwSetErrorCallback(
      [](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) {
    std::fprintf(stderr, "tcplab: this browser gives no GLFW window\n");
    return 1;
  }
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  // Lives as long as the page: the browser calls frame() after run_window() has returned.
  static WebWindow web;
  web.app = &app;
  web.options = options;
  web.window = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr,
                                nullptr);
  if (!web.window) {
    std::fprintf(stderr, "tcplab: this browser gives no WebGL 2 context\n");
    return 1;
  }
  glfwMakeContextCurrent(web.window);
  EM_ASM(performance.mark("tcplab:webgl-ready"));
  glfwSetWindowUserPointer(web.window, &web);
  glfwSetKeyCallback(web.window, key_callback);  // installed first: ImGui chains to it

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // a page keeps no files between visits
  ImGui::StyleColorsLight();
  // The atlas is rasterised here rather than inside the first frame, so the page's timeline
  // shows what it costs (tests/web/first_frame.mjs).
  build_atlas(web, app.settings().language != "en");
  EM_ASM(performance.mark("tcplab:fonts-built"));
  ImGui_ImplGlfw_InitForOpenGL(web.window, true);
  ImGui_ImplOpenGL3_Init(kGlslVersion);
  // Returns at once; the browser calls frame() before each repaint from now on.
  emscripten_set_main_loop_arg(frame, &web, 0, false);
  return 0;
}

}  // namespace tcplab::gui
