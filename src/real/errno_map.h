#pragma once
// Real errno values mapped onto the model's own Errno list (core/errno_code.h).
#include "core/errno_code.h"

namespace tcplab::real {

// The model's name for a real errno. Values the model has no name for map to nullopt; the caller
// then records the call as failed and says which errno it was in a note.
std::optional<Errno> to_model_errno(int system_errno);

}  // namespace tcplab::real
