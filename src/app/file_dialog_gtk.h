#pragma once
// The desktop's file dialog for tcplab-gui (file_dialog.h), from GTK 3: GtkFileChooserNative,
// which shows the xdg-desktop-portal's FileChooser where the desktop offers one (GTK_USE_PORTAL=1,
// or a sandbox) and GTK's own dialog otherwise. The only file of tcplab that includes GTK.
#include "gui/file_dialog.h"

namespace tcplab::gui {

// Shows the dialog and returns when it is closed: the file chosen, Cancelled, or Unavailable
// (GTK cannot open the display: tcplab-gui then asks for the path in a popup of its own).
FileDialogResult gtk_file_dialog(const FileDialogRequest& request);

}  // namespace tcplab::gui
