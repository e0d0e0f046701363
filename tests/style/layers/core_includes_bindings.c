/* Must NOT compile: the embedder core (bindings/core/) cannot see the
 * native modules above it. tests/style/CMakeLists.txt expects failure. */
#include "mod_http.h"
