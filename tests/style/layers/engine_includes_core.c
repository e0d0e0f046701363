/* Must NOT compile: the HTTP engine (worker/http/) cannot see the embedder
 * core's headers (V8 shim). tests/style/CMakeLists.txt expects failure. */
#include "v8shim.h"
