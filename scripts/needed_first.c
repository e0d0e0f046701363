/* needed_first: makes one DT_NEEDED entry of an ELF64 file its first, in
 * place, the others keeping their order.
 *
 *   needed_first FILE SONAME
 *
 * Why: ld.so resolves every symbol relocation of every loaded object by
 * walking the global scope, which is the executable followed by its
 * DT_NEEDED libraries in order. libnode.so (V8) has ~60 000 symbol
 * relocations (it is linked with BIND_NOW) against its own exports; with
 * libnode listed after nghttp2, jansson, ssl, crypto, z and brotli, each
 * of those lookups first fails in seven other libraries. Listed first, ld.so
 * does 19 % fewer instructions before main (callgrind: 75.8 M -> 61.2 M
 * for `shoal-runtime version`). The link order itself cannot say this: the
 * linker must meet libnode.so after the static archives, or libnode's own
 * exports (llhttp_*, base64_*) would keep our definitions out of the link.
 *
 * Nothing else changes: the same libraries, the same symbol versions; only
 * the order of lookups. Our executable's definitions still come first, and
 * no library we load defines a symbol that libnode also exports (apart from
 * an inline libstdc++ function, the same code in both). Running it again is
 * a no-op. Exit status 0 when SONAME is first, 1 on any error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_file.h"

/* Rotates the DT_NEEDED values so that the one naming `soname` comes first.
 * Returns 0 (also when it already is first), -1 when it is not there. */
static int rotate_needed(unsigned char *img, size_t len, Elf64_Dyn *dyn, size_t count,
                         const char *soname) {
  size_t first = 0, n = 0;
  for (const char *name; (name = elf_needed(img, len, dyn, count, n)) != NULL; n++)
    if (strcmp(name, soname) == 0) {
      /* Shift the earlier DT_NEEDED values one slot later, put ours first. */
      for (size_t i = 0; i < count && dyn[i].d_tag != DT_NULL; i++)
        if (dyn[i].d_tag == DT_NEEDED && first++ == n) {
          Elf64_Xword mine = dyn[i].d_un.d_val;
          size_t slot = i;
          for (size_t j = i; j-- > 0;)
            if (dyn[j].d_tag == DT_NEEDED) {
              dyn[slot].d_un.d_val = dyn[j].d_un.d_val;
              slot = j;
            }
          dyn[slot].d_un.d_val = mine;
          return 0;
        }
    }
  return -1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: needed_first FILE SONAME\n");
    return 1;
  }
  size_t len, count;
  unsigned char *img = elf_read_file(argv[1], &len);
  Elf64_Dyn *dyn = img ? elf_find_dynamic(img, len, &count) : NULL;
  if (!dyn || rotate_needed(img, len, dyn, count, argv[2]) != 0) {
    fprintf(stderr, "needed_first: %s: no DT_NEEDED %s in an ELF64 file\n", argv[1], argv[2]);
    return 1;
  }
  /* Only the dynamic section changed: write it back in place. */
  FILE *out = fopen(argv[1], "r+b");
  long off = (long)((unsigned char *)dyn - img);
  int ok = out && fseek(out, off, SEEK_SET) == 0 && fwrite(dyn, sizeof *dyn, count, out) == count;
  if (out && fclose(out) != 0) ok = 0;
  free(img);
  if (!ok) {
    perror(argv[1]);
    return 1;
  }
  return 0;
}
