/* internalBinding('buffer'): placeholder until the module is written. */
#include "bindings/binding.h"

sh_val binding_buffer_init(sh_rt *rt) {
  return sh_obj(rt);
}
