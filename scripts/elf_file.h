/* elf_file: reading an ELF64 file whole and finding its way around it, for
 * the build tools that rewrite ELF files (scripts/needed_first.c,
 * scripts/prebind_self.c). The image belongs to the caller (free() it);
 * every pointer returned points into it. Offsets are checked against the
 * file's length, so a truncated or foreign file gives NULL / 0, not a crash. */
#ifndef SHOAL_SCRIPTS_ELF_FILE_H
#define SHOAL_SCRIPTS_ELF_FILE_H

#include <elf.h>
#include <stddef.h>

/* Reads the whole file: malloc'd, NULL on error. */
unsigned char *elf_read_file(const char *path, size_t *len);

/* The file offset of virtual address `addr`, from the PT_LOAD segments;
 * 0 when no segment holds it. */
size_t elf_vaddr_to_offset(const unsigned char *img, Elf64_Addr addr);

/* The dynamic section of a checked ELF64 image, and its entry count;
 * NULL when the file is not ELF64 or has none. */
Elf64_Dyn *elf_find_dynamic(unsigned char *img, size_t len, size_t *count);

/* The value of the first `tag` entry of the dynamic section, or `dflt`. */
Elf64_Xword elf_dyn_value(const Elf64_Dyn *dyn, size_t count, Elf64_Sxword tag, Elf64_Xword dflt);

/* The dynamic string table (DT_STRTAB) and its size; NULL when missing. */
const char *elf_dynstr(const unsigned char *img, size_t len, const Elf64_Dyn *dyn, size_t count,
                       size_t *size);

/* The n-th DT_NEEDED name, or NULL past the last. */
const char *elf_needed(const unsigned char *img, size_t len, const Elf64_Dyn *dyn, size_t count,
                       size_t n);

#endif
