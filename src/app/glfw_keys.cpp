#include "app/glfw_keys.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace tcplab::gui {

// The app's key for a GLFW key, if it has one. A presenter's clicker sends PageDown / PageUp
// (and B for "black screen", as slide programs do).
std::optional<AppKey> app_key_for_glfw(int key) {
  switch (key) {
    case GLFW_KEY_F11:
      return AppKey::ToggleFullscreen;
    case GLFW_KEY_F5:
      return AppKey::TogglePresentation;
    case GLFW_KEY_ESCAPE:
      return AppKey::Escape;
    case GLFW_KEY_RIGHT:
    case GLFW_KEY_DOWN:
    case GLFW_KEY_PAGE_DOWN:
      return AppKey::Next;
    case GLFW_KEY_LEFT:
    case GLFW_KEY_UP:
    case GLFW_KEY_PAGE_UP:
      return AppKey::Previous;
    case GLFW_KEY_HOME:
      return AppKey::First;
    case GLFW_KEY_END:
      return AppKey::Last;
    case GLFW_KEY_SPACE:
      return AppKey::PlayPause;
    case GLFW_KEY_PERIOD:
      return AppKey::Blank;
    // Predict mode's letters; B blanks the screen unless a question waits for a letter.
    case GLFW_KEY_A:
    case GLFW_KEY_1:
    case GLFW_KEY_KP_1:
      return AppKey::ChoiceA;
    case GLFW_KEY_B:
    case GLFW_KEY_2:
    case GLFW_KEY_KP_2:
      return AppKey::ChoiceB;
    case GLFW_KEY_C:
    case GLFW_KEY_3:
    case GLFW_KEY_KP_3:
      return AppKey::ChoiceC;
    case GLFW_KEY_D:
    case GLFW_KEY_4:
    case GLFW_KEY_KP_4:
      return AppKey::ChoiceD;
    case GLFW_KEY_EQUAL:  // "+" without shift on most layouts
    case GLFW_KEY_KP_ADD:
      return AppKey::ZoomIn;
    case GLFW_KEY_MINUS:
    case GLFW_KEY_KP_SUBTRACT:
      return AppKey::ZoomOut;
    case GLFW_KEY_P:
      return AppKey::NextPicture;
    case GLFW_KEY_0:
    case GLFW_KEY_KP_0:
      return AppKey::ZoomFit;
    default:
      return std::nullopt;
  }
}

}  // namespace tcplab::gui
