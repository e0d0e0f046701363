/* Must compile: the control for the probes that must not (the engine sees
 * its own headers). */
#include "http_engine.h"

int layers_probe_ok(void) {
  return 0;
}
