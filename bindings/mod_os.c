/* internalBinding('os'): placeholder until the module is written. */
#include "bindings/binding.h"

sh_val binding_os_init(sh_rt *rt) {
  return sh_obj(rt);
}
