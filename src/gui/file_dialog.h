#pragma once
// The file dialogs GuiApp asks for (File > Open, Save trace, Export slide): what to ask, and the
// answer. The platform gives one: the desktop's (src/app/file_dialog_gtk.cpp: GTK's
// GtkFileChooserNative, the xdg-desktop-portal where the desktop has one), a browser's upload and
// download. Without one, or when it cannot open, GuiApp asks for a path in a popup of its own.
#include <functional>
#include <string>
#include <vector>

namespace tcplab::gui {

struct FileFilter {
  std::string name;                   // "Lessons (.toml)", in the interface's language
  std::vector<std::string> patterns;  // "*.toml"
};

enum class FileDialogKind { Open, Save };

struct FileDialogRequest {
  FileDialogKind kind = FileDialogKind::Open;
  std::string title;           // the dialog's title, worded
  std::string accept;          // its button: "Open", "Save"
  std::string cancel;          // "Cancel"
  std::string folder;          // where it starts ("": the platform's choice)
  std::string suggested_name;  // Save: the file name offered
  std::vector<FileFilter> filters;  // the first is chosen at first
};

enum class FileDialogOutcome {
  Chosen,       // `path` is the file (Save: the user agreed to replace it if it is there)
  Cancelled,    // nothing to do now: cancelled, or the platform opens the file itself later
  Unavailable,  // no dialog could be shown (`why`): GuiApp asks in its own popup
};

struct FileDialogResult {
  FileDialogOutcome outcome = FileDialogOutcome::Cancelled;
  std::string path;
  std::string why;
};

// Shows the dialog and returns when it is closed.
using FileDialog = std::function<FileDialogResult(const FileDialogRequest&)>;

}  // namespace tcplab::gui
