#ifndef SHOAL_BINDINGS_MODULES_H
#define SHOAL_BINDINGS_MODULES_H
/* modules: the list of native modules of this folder (bindings/mod_NAME.c),
 * handed to the core's registry (core/binding.h). Add a module here. */

/* Registers every bindings/mod_*.c module; call once at start-up. */
void modules_register(void);
#endif
