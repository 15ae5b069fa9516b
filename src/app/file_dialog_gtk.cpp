#include "app/file_dialog_gtk.h"

#include <filesystem>
#include <system_error>

#include <gtk/gtk.h>

#include "present/translate.h"

namespace tcplab::gui {

namespace {

// GTK is started once, the first time a dialog is wanted; without a display it cannot start.
bool gtk_started() {
  static const bool kStarted = gtk_init_check(nullptr, nullptr) != FALSE;
  return kStarted;
}

// A GtkFileChooserNative is a GtkNativeDialog and a GtkFileChooser: GObject's interface casts,
// without the C-style casts of GTK's own cast macros.
GtkFileChooser* as_chooser(GtkFileChooserNative* dialog) {
  return reinterpret_cast<GtkFileChooser*>(dialog);
}
GtkNativeDialog* as_native(GtkFileChooserNative* dialog) {
  return reinterpret_cast<GtkNativeDialog*>(dialog);
}

// The dialog's window is gone only once GTK has handled the events that close it.
void handle_pending_events() {
  while (gtk_events_pending() != FALSE) gtk_main_iteration();
}

}  // namespace

FileDialogResult gtk_file_dialog(const FileDialogRequest& request) {
  FileDialogResult result;
  if (!gtk_started()) {
    result.outcome = FileDialogOutcome::Unavailable;
    result.why = present::tr("GTK cannot open a file dialog here: type the file's path");
    return result;
  }
  const bool save = request.kind == FileDialogKind::Save;
  GtkFileChooserNative* dialog = gtk_file_chooser_native_new(
      request.title.c_str(), nullptr,
      save ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
      request.accept.empty() ? nullptr : request.accept.c_str(),
      request.cancel.empty() ? nullptr : request.cancel.c_str());
  GtkFileChooser* chooser = as_chooser(dialog);
  for (const FileFilter& f : request.filters) {
    GtkFileFilter* filter = gtk_file_filter_new();  // floating: the chooser takes it
    gtk_file_filter_set_name(filter, f.name.c_str());
    for (const std::string& pattern : f.patterns) gtk_file_filter_add_pattern(filter, pattern.c_str());
    gtk_file_chooser_add_filter(chooser, filter);
  }
  // The folder last used, else the working directory (where a command-line user expects it).
  std::error_code ec;
  const std::string folder =
      request.folder.empty() ? std::filesystem::current_path(ec).string() : request.folder;
  if (!folder.empty()) gtk_file_chooser_set_current_folder(chooser, folder.c_str());
  if (save) {
    gtk_file_chooser_set_do_overwrite_confirmation(chooser, TRUE);  // asks before replacing
    if (!request.suggested_name.empty())
      gtk_file_chooser_set_current_name(chooser, request.suggested_name.c_str());
  }
  const gint response = gtk_native_dialog_run(as_native(dialog));
  if (response == GTK_RESPONSE_ACCEPT) {
    if (gchar* file = gtk_file_chooser_get_filename(chooser)) {
      result.outcome = FileDialogOutcome::Chosen;
      result.path = file;
      g_free(file);
    }
  }
  g_object_unref(dialog);
  handle_pending_events();
  return result;
}

}  // namespace tcplab::gui
