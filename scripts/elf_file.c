/* elf_file: see elf_file.h. */
#include "elf_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned char *elf_read_file(const char *path, size_t *len) {
  FILE *in = fopen(path, "rb");
  long n = -1;
  if (in && fseek(in, 0, SEEK_END) == 0) n = ftell(in);
  unsigned char *buf = n > 0 ? malloc((size_t)n) : NULL;
  if (buf && (fseek(in, 0, SEEK_SET) != 0 || fread(buf, 1, (size_t)n, in) != (size_t)n)) {
    free(buf);
    buf = NULL;
  }
  if (in) fclose(in);
  *len = (size_t)n;
  return buf;
}

size_t elf_vaddr_to_offset(const unsigned char *img, Elf64_Addr addr) {
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(const void *)img;
  const Elf64_Phdr *ph = (const Elf64_Phdr *)(const void *)(img + eh->e_phoff);
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_LOAD && addr >= ph[i].p_vaddr && addr < ph[i].p_vaddr + ph[i].p_filesz)
      return (size_t)(addr - ph[i].p_vaddr + ph[i].p_offset);
  return 0;
}

Elf64_Dyn *elf_find_dynamic(unsigned char *img, size_t len, size_t *count) {
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(void *)img;
  if (len < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
      eh->e_phoff > len || (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
    return NULL;
  const Elf64_Phdr *ph = (const Elf64_Phdr *)(void *)(img + eh->e_phoff);
  for (int i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_DYNAMIC && ph[i].p_offset <= len &&
        ph[i].p_filesz <= len - ph[i].p_offset) {
      *count = ph[i].p_filesz / sizeof(Elf64_Dyn);
      return (Elf64_Dyn *)(void *)(img + ph[i].p_offset);
    }
  return NULL;
}

Elf64_Xword elf_dyn_value(const Elf64_Dyn *dyn, size_t count, Elf64_Sxword tag, Elf64_Xword dflt) {
  for (size_t i = 0; i < count && dyn[i].d_tag != DT_NULL; i++)
    if (dyn[i].d_tag == tag) return dyn[i].d_un.d_val;
  return dflt;
}

const char *elf_dynstr(const unsigned char *img, size_t len, const Elf64_Dyn *dyn, size_t count,
                       size_t *size) {
  size_t off = elf_vaddr_to_offset(img, elf_dyn_value(dyn, count, DT_STRTAB, 0));
  *size = elf_dyn_value(dyn, count, DT_STRSZ, 0);
  /* The table must end inside the file, with a NUL, so that every name in it does. */
  if (off == 0 || *size == 0 || *size > len - off || img[off + *size - 1] != '\0') return NULL;
  return (const char *)img + off;
}

const char *elf_needed(const unsigned char *img, size_t len, const Elf64_Dyn *dyn, size_t count,
                       size_t n) {
  size_t strsz;
  const char *str = elf_dynstr(img, len, dyn, count, &strsz);
  for (size_t i = 0; str && i < count && dyn[i].d_tag != DT_NULL; i++)
    if (dyn[i].d_tag == DT_NEEDED && n-- == 0)
      return dyn[i].d_un.d_val < strsz ? str + dyn[i].d_un.d_val : NULL;
  return NULL;
}
