// The only tcplab file that includes GLFW and OpenGL: window, input, GL context, frame loop,
// offscreen screenshots. Everything it draws comes from GuiApp through ImGui.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>

// glad declares the GL functions; GLFW must not include the system GL header as well.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/glfw_keys.h"
#include "app/gui_backend.h"
#include "gui/layout_report.h"
#include "gui/png_file.h"
#include "gui/views/drawn_texts.h"

namespace tcplab::gui {

namespace {

constexpr int kGlMajor = 3;
constexpr int kGlMinor = 3;
constexpr const char* kGlslVersion = "#version 330 core";
constexpr int kScreenshotFrames = 4;  // ImGui sizes windows over the first frames
constexpr double kScreenshotFrameSeconds = 1.0 / 60.0;
constexpr double kBusyWaitSeconds = 0.05;  // a kernel run under way: the progress bar moves
constexpr double kIdleWaitSeconds = 0.25;  // unfocused and not playing: wake up four times a second

struct WindowState {
  GuiApp* app = nullptr;
  bool fullscreen = false;
  int saved_x = 0, saved_y = 0, saved_w = 0, saved_h = 0;
};

// Every press is queued here, as GLFW reports it, and handled at the next frame: a tap whose
// press and release both fall between two frames (a wireless presenter's ~10 ms) still counts,
// which ImGui's once-a-frame key polling can miss. Held keys repeat for stepping and zooming.
void key_callback(GLFWwindow* window, int key, int /*scancode*/, int action, int /*mods*/) {
  if (action != GLFW_PRESS && action != GLFW_REPEAT) return;
  auto* state = static_cast<WindowState*>(glfwGetWindowUserPointer(window));
  if (!state || !state->app) return;
  const std::optional<AppKey> k = app_key_for_glfw(key);
  if (!k) return;
  if (action == GLFW_REPEAT && !repeats(*k)) return;
  state->app->key(*k);
}

void toggle_fullscreen(GLFWwindow* window, WindowState& state) {
  if (!state.fullscreen) {
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (!mode) return;
    glfwGetWindowPos(window, &state.saved_x, &state.saved_y);
    glfwGetWindowSize(window, &state.saved_w, &state.saved_h);
    glfwSetWindowMonitor(window, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
    state.fullscreen = true;
  } else {
    glfwSetWindowMonitor(window, nullptr, state.saved_x, state.saved_y, state.saved_w,
                         state.saved_h, 0);
    state.fullscreen = false;
  }
}

// Reads the bound framebuffer (bottom row first) into a top-row-first image.
RgbaImage read_pixels(int width, int height) {
  RgbaImage image;
  image.width = width;
  image.height = height;
  const auto row = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> raw(row * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, raw.data());
  image.pixels.resize(raw.size());
  for (int y = 0; y < height; ++y) {
    std::memcpy(image.pixels.data() + static_cast<std::size_t>(y) * row,
                raw.data() + static_cast<std::size_t>(height - 1 - y) * row, row);
  }
  for (std::size_t i = 3; i < image.pixels.size(); i += 4) image.pixels[i] = 255;  // opaque
  return image;
}

// An offscreen framebuffer of a fixed size, for screenshots that do not depend on the screen.
class Offscreen {
 public:
  Offscreen(int width, int height) {
    glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glGenRenderbuffers(1, &color_);
    glBindRenderbuffer(GL_RENDERBUFFER, color_);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width, height);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_);
    complete_ = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
  }
  ~Offscreen() {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &color_);
    glDeleteFramebuffers(1, &fbo_);
  }
  Offscreen(const Offscreen&) = delete;
  Offscreen& operator=(const Offscreen&) = delete;
  bool complete() const { return complete_; }
  void bind() const { glBindFramebuffer(GL_FRAMEBUFFER, fbo_); }

 private:
  GLuint fbo_ = 0;
  GLuint color_ = 0;
  bool complete_ = false;
};

void render(const Theme& theme, int width, int height) {
  glViewport(0, 0, width, height);
  glClearColor(theme.background.r / 255.0f, theme.background.g / 255.0f,
               theme.background.b / 255.0f, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

// `size`: an offscreen frame's size, in place of the window's.
void new_frame(GuiApp& app, double dt, std::optional<ImVec2> size = std::nullopt) {
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  if (size) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = *size;
    io.DisplayFramebufferScale = {1, 1};
  }
  ImGui::NewFrame();
  app.frame(dt);
  ImGui::Render();
}

// Draws frames offscreen at the shot's size until the app is idle and ImGui has sized its windows
// (kScreenshotFrames frames after a kernel run is done), then saves what the shot asks for.
template <typename BetweenFrames>
std::optional<std::string> take_shot(GuiApp& app, const ScreenshotShot& shot,
                                     BetweenFrames&& between_frames) {
  if (shot.prepare) shot.prepare();
  Offscreen target(shot.width, shot.height);
  if (!target.complete()) return "cannot create an offscreen framebuffer";
  const ImVec2 size{static_cast<float>(shot.width), static_cast<float>(shot.height)};
  for (int settle = kScreenshotFrames; settle > 0;) {
    glfwPollEvents();
    new_frame(app, kScreenshotFrameSeconds, size);
    target.bind();
    render(kLightTheme, shot.width, shot.height);
    between_frames();
    if (app.busy()) {
      settle = kScreenshotFrames;
      glfwWaitEventsTimeout(kBusyWaitSeconds);
    } else {
      --settle;
    }
  }
  target.bind();
  if (shot.png) {
    if (auto err = write_png(shot.png->string(), read_pixels(shot.width, shot.height))) return err;
  }
  if (shot.layout) {
    // The last frame's draw data is still ImGui's until the next NewFrame.
    LayoutReport report{shot.width, shot.height, drawn_texts(*ImGui::GetDrawData())};
    std::ofstream out(*shot.layout);
    out << to_json(report);
    if (!out) return "cannot write " + shot.layout->string();
  }
  return std::nullopt;
}

}  // namespace

int run_window(GuiApp& app, const WindowOptions& options) {
  glfwSetErrorCallback(
      [](int code, const char* text) { std::fprintf(stderr, "GLFW error %d: %s\n", code, text); });
  if (!glfwInit()) {
    std::fprintf(stderr, "tcplab-gui: cannot open a window (no display? try xvfb-run -a)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, kGlMajor);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, kGlMinor);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  const bool screenshot = options.screenshot.has_value() || !options.shots.empty();
  if (screenshot) glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr, nullptr);
  if (!window) {
    std::fprintf(stderr, "tcplab-gui: cannot create an OpenGL %d.%d window\n", kGlMajor, kGlMinor);
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(1);
  if (!gladLoadGL(glfwGetProcAddress)) {
    std::fprintf(stderr, "tcplab-gui: cannot load OpenGL functions\n");
    glfwDestroyWindow(window);
    glfwTerminate();
    return 1;
  }
  WindowState state;
  state.app = &app;
  glfwSetWindowUserPointer(window, &state);
  glfwSetKeyCallback(window, key_callback);  // installed first: ImGui chains to it

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  static std::string ini;  // ImGui keeps the pointer
  ini = options.imgui_ini ? options.imgui_ini->string() : std::string{};
  io.IniFilename = screenshot || ini.empty() ? nullptr : ini.c_str();
  ImGui::StyleColorsLight();
  app.set_fonts(load_fonts(app.texts_needing_glyphs(), options.font_list));
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init(kGlslVersion);

  // A kernel run forks from its own thread; the loop parks for it between frames (fork_gate.h).
  // glFinish first, so that no driver thread is still at work on the last frame.
  app.fork_gate().begin_frames([] { glfwPostEmptyEvent(); });
  auto between_frames = [&app] {
    if (app.busy()) glFinish();
    app.between_frames();
  };
  int status = 0;
  if (screenshot) {
    std::vector<ScreenshotShot> shots = options.shots;
    if (shots.empty()) {
      shots.push_back({{}, options.width, options.height, options.screenshot, options.layout});
    }
    for (const ScreenshotShot& shot : shots) {
      if (auto err = take_shot(app, shot, between_frames)) {
        std::fprintf(stderr, "tcplab-gui: %s\n", err->c_str());
        status = 1;
        break;
      }
    }
  } else {
    double last = glfwGetTime();
    while (!glfwWindowShouldClose(window) && !app.quit_requested()) {
      const bool iconified = glfwGetWindowAttrib(window, GLFW_ICONIFIED) != 0;
      const bool focused = glfwGetWindowAttrib(window, GLFW_FOCUSED) != 0;
      if (iconified && !app.busy()) {
        glfwWaitEvents();
      } else if (app.busy()) {
        glfwWaitEventsTimeout(kBusyWaitSeconds);  // the progress bar moves
      } else if (!focused && !app.session().cursor.playing) {
        glfwWaitEventsTimeout(kIdleWaitSeconds);
      } else {
        glfwPollEvents();
      }
      const double now = glfwGetTime();
      new_frame(app, now - last);
      last = now;
      if (app.take_fullscreen_request()) toggle_fullscreen(window, state);
      int w = 0, h = 0;
      glfwGetFramebufferSize(window, &w, &h);
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      render(kLightTheme, w, h);
      if (auto png = app.take_png_request()) {
        // This frame is the slide alone (GuiApp::export_slide), read back before it is shown.
        glReadBuffer(GL_BACK);
        app.png_written(*png, write_png(png->string(), read_pixels(w, h)));
      }
      glfwSwapBuffers(window);
      if (options.after_frame) options.after_frame();
      between_frames();
    }
  }
  app.fork_gate().end_frames();

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}

}  // namespace tcplab::gui
