/* prebind_self: writes a copy of a shared library (libnode.so) in which the
 * relocations that ld.so would certainly bind to the library's own
 * definitions are already bound, as R_X86_64_RELATIVE.
 *
 *   prebind_self LIBRARY EXECUTABLE OUTPUT [LIST]
 *
 * Why: Debian's libnode.so was linked without -Bsymbolic, so ~46 000 of its
 * ~55 000 symbol relocations name its own exports, and with BIND_NOW ld.so
 * looks each one up by name through the global scope at every exec of
 * shoal-runtime: 23 ms of a 43 ms `shoal start` (docs/performance.md). A
 * RELATIVE relocation is one addition. This is what -Bsymbolic would have
 * given, done after the fact, keeping BIND_NOW and full RELRO.
 *
 * What is safe: ld.so binds a reference to the first object of the scope
 * that defines the name (the executable, then its DT_NEEDED libraries in
 * order, then theirs), so a reference certainly binds to LIBRARY itself when
 * the symbol is defined there (not SHN_UNDEF, SHN_ABS or SHN_COMMON), is a
 * plain function or object (not STT_GNU_IFUNC, whose value is a resolver's
 * result, nor STT_TLS), is GLOBAL or WEAK (not STB_GNU_UNIQUE, which ld.so
 * unifies across objects), has default or protected visibility, is
 * unversioned (LIBRARY has no version definitions: its references name no
 * version), and no object before LIBRARY in the scope has a dynamic symbol
 * of that name: EXECUTABLE (it exports its napi_* and llhttp_*, which must
 * stay bound to it; an undefined symbol with a value, a PLT address, counts
 * as a definition too) and the DT_NEEDED libraries it lists before LIBRARY
 * (libasan in ASan builds). Anything else is left as it is. Only R_X86_64_64
 * (S + A), R_X86_64_GLOB_DAT and R_X86_64_JUMP_SLOT (S, their addend must be
 * 0) are rewritten, to RELATIVE with addend st_value (+ A for 64), in place:
 * no section moves, and DT_FLAGS BIND_NOW, DT_FLAGS_1 NOW and PT_GNU_RELRO are
 * the same bytes. DT_RELACOUNT stays: it only counts the leading RELATIVE
 * relocations that glibc applies in a fast loop; a RELATIVE one after them
 * goes through elf_machine_rela, which handles RELATIVE.
 *
 * A RELATIVE relocation in DT_JMPREL is valid only because the library is
 * bound now: glibc's lazy path (elf_machine_lazy_rel) rejects any type but
 * JUMP_SLOT, IRELATIVE and TLSDESC. So a LIBRARY without BIND_NOW is refused,
 * and ld.so running lazily anyway (LD_PROFILE, or an LD_AUDIT module with PLT
 * hooks) refuses the copy: use the original (LD_LIBRARY_PATH) then. An
 * LD_PRELOAD library can no longer interpose on LIBRARY's own references, as
 * with -Bsymbolic.
 *
 * OUTPUT is removed first, so a failure never leaves a stale copy. LIST, if
 * given, gets one line per rewritten relocation: "TYPE SYMBOL". Exit status
 * 0 on success, 1 on any error (with a message). */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf_file.h"

/* An ELF file read whole, with its dynamic section. */
struct elf {
  const char *path;
  unsigned char *img;
  size_t len;
  Elf64_Dyn *dyn;
  size_t ndyn;
};

/* The names the scope objects define, sorted for bsearch; each name is
 * owned (copied: the objects' images are freed as soon as read). */
struct names {
  const char **v;
  size_t n;
};

static int fail(const char *path, const char *why) {
  fprintf(stderr, "prebind_self: %s: %s\n", path, why);
  return -1;
}

static int load(struct elf *e, const char *path) {
  e->path = path;
  e->img = elf_read_file(path, &e->len);
  if (!e->img) return fail(path, "cannot be read");
  e->dyn = elf_find_dynamic(e->img, e->len, &e->ndyn);
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(void *)e->img;
  if (!e->dyn || eh->e_machine != EM_X86_64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
    return fail(path, "not an x86-64 ELF64 file with a dynamic section");
  return 0;
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Adds the names of `e`'s dynamic symbols that ld.so could bind a reference
 * to: defined ones, and undefined ones with a value (a PLT address). The
 * symbol count comes from the SHT_DYNSYM section header. */
static int add_defined(const struct elf *e, struct names *out) {
  const Elf64_Ehdr *eh = (const Elf64_Ehdr *)(void *)e->img;
  if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > e->len ||
      (size_t)eh->e_shnum * sizeof(Elf64_Shdr) > e->len - eh->e_shoff)
    return fail(e->path, "no section headers to count its dynamic symbols");
  const Elf64_Shdr *sh = (const Elf64_Shdr *)(void *)(e->img + eh->e_shoff);
  size_t strsz;
  const char *str = elf_dynstr(e->img, e->len, e->dyn, e->ndyn, &strsz);
  for (int i = 0; i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_DYNSYM) continue;
    if (!str || sh[i].sh_offset > e->len || sh[i].sh_size > e->len - sh[i].sh_offset)
      return fail(e->path, "dynamic symbol table out of the file");
    const Elf64_Sym *sym = (const Elf64_Sym *)(void *)(e->img + sh[i].sh_offset);
    size_t n = sh[i].sh_size / sizeof *sym;
    const char **v = realloc(out->v, (out->n + n) * sizeof *v);
    if (!v) return fail(e->path, "out of memory");
    out->v = v;
    for (size_t k = 1; k < n; k++)
      if ((sym[k].st_shndx != SHN_UNDEF || sym[k].st_value != 0) && sym[k].st_name < strsz)
        if (!(out->v[out->n++] = strdup(str + sym[k].st_name)))
          return fail(e->path, "out of memory");
    return 0;
  }
  return fail(e->path, "no dynamic symbol table");
}

/* Finds a DT_NEEDED library as ld.so would for these: a path as is, else the
 * executable's DT_RUNPATH folders, then the system's. NULL when not found. */
static char *find_library(const struct elf *exe, const char *name) {
  if (strchr(name, '/')) return strdup(name);
  size_t strsz;
  const char *str = elf_dynstr(exe->img, exe->len, exe->dyn, exe->ndyn, &strsz);
  Elf64_Xword rp = elf_dyn_value(exe->dyn, exe->ndyn, DT_RUNPATH, strsz);
  const char *runpath = str && rp < strsz ? str + rp : "";
  const char *system = "/lib/x86_64-linux-gnu:/usr/lib/x86_64-linux-gnu:/lib64:/usr/lib64";
  size_t size = strlen(runpath) + strlen(system) + 2;
  char *dirs = malloc(size), *path = malloc(size + strlen(name) + 2), *save = NULL;
  if (!dirs || !path || strchr(runpath, '$')) goto none; /* $ORIGIN: not ours to expand */
  snprintf(dirs, size, "%s:%s", runpath, system);
  for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
    sprintf(path, "%s/%s", d, name);
    if (access(path, R_OK) == 0) {
      free(dirs);
      return path;
    }
  }
none:
  free(dirs);
  free(path);
  return NULL;
}

/* The names defined before LIBRARY (soname `soname`) in the executable's
 * scope: the executable's own, then those of the libraries it lists first. */
static int scope_before(const struct elf *exe, const char *soname, struct names *out) {
  if (add_defined(exe, out) != 0) return -1;
  for (size_t n = 0;; n++) {
    const char *name = elf_needed(exe->img, exe->len, exe->dyn, exe->ndyn, n);
    if (!name) return fail(exe->path, "does not list the library as DT_NEEDED");
    if (strcmp(name, soname) == 0) break;
    char *path = find_library(exe, name);
    struct elf lib = {0};
    int rc = path ? load(&lib, path) : fail(name, "not found (needed before the library)");
    if (rc == 0) rc = add_defined(&lib, out);
    free(lib.img);
    free(path);
    if (rc != 0) return -1;
  }
  qsort(out->v, out->n, sizeof *out->v, by_name);
  return 0;
}

/* The library's tables that relocations refer to. */
struct tables {
  const Elf64_Sym *sym;
  size_t nsym;
  const Elf64_Half *versym; /* NULL when none */
  const char *str;
  size_t strsz;
};

static int library_tables(const struct elf *lib, struct tables *t) {
  const Elf64_Dyn *d = lib->dyn;
  size_t n = lib->ndyn;
  Elf64_Xword flags = elf_dyn_value(d, n, DT_FLAGS, 0), flags1 = elf_dyn_value(d, n, DT_FLAGS_1, 0);
  if (!(flags & DF_BIND_NOW) && !(flags1 & DF_1_NOW) && elf_dyn_value(d, n, DT_BIND_NOW, 1) != 0)
    return fail(lib->path, "is not linked with BIND_NOW (-z now): RELATIVE in DT_JMPREL needs it");
  if (elf_dyn_value(d, n, DT_VERDEF, 0) != 0)
    return fail(lib->path, "defines symbol versions: not handled");
  if (elf_dyn_value(d, n, DT_PLTREL, DT_RELA) != DT_RELA ||
      elf_dyn_value(d, n, DT_RELAENT, sizeof(Elf64_Rela)) != sizeof(Elf64_Rela) ||
      elf_dyn_value(d, n, DT_SYMENT, sizeof(Elf64_Sym)) != sizeof(Elf64_Sym) ||
      elf_dyn_value(d, n, DT_REL, 0) != 0)
    return fail(lib->path, "relocations are not x86-64 RELA");
  size_t sym = elf_vaddr_to_offset(lib->img, elf_dyn_value(d, n, DT_SYMTAB, 0));
  t->str = elf_dynstr(lib->img, lib->len, d, n, &t->strsz);
  if (sym == 0 || !t->str) return fail(lib->path, "no dynamic symbol or string table");
  t->sym = (const Elf64_Sym *)(const void *)(lib->img + sym);
  t->nsym = (lib->len - sym) / sizeof *t->sym;
  Elf64_Xword vs = elf_dyn_value(d, n, DT_VERSYM, 0);
  size_t vsoff = vs ? elf_vaddr_to_offset(lib->img, vs) : 0;
  if (vs && vsoff == 0) return fail(lib->path, "DT_VERSYM out of the file");
  t->versym = vs ? (const Elf64_Half *)(const void *)(lib->img + vsoff) : NULL;
  if (t->versym) {
    size_t nver = (lib->len - vsoff) / sizeof *t->versym;
    if (nver < t->nsym) t->nsym = nver;
  }
  return 0;
}

/* The symbol of `r` when ld.so would certainly bind `r` to the library's own
 * definition of it (see the header comment), else NULL. */
static const Elf64_Sym *self_bound(const struct tables *t, const struct names *before,
                                   const Elf64_Rela *r) {
  uint32_t type = ELF64_R_TYPE(r->r_info), idx = ELF64_R_SYM(r->r_info);
  if (type != R_X86_64_64 && type != R_X86_64_GLOB_DAT && type != R_X86_64_JUMP_SLOT) return NULL;
  if (type != R_X86_64_64 && r->r_addend != 0) return NULL;
  if (idx == 0 || idx >= t->nsym) return NULL;
  const Elf64_Sym *s = &t->sym[idx];
  int stt = ELF64_ST_TYPE(s->st_info), stb = ELF64_ST_BIND(s->st_info);
  int vis = ELF64_ST_VISIBILITY(s->st_other);
  if (s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE) return NULL;
  if ((stt != STT_FUNC && stt != STT_OBJECT) || (stb != STB_GLOBAL && stb != STB_WEAK)) return NULL;
  if (vis != STV_DEFAULT && vis != STV_PROTECTED) return NULL;
  if (t->versym && t->versym[idx] != VER_NDX_GLOBAL) return NULL;
  if (s->st_name >= t->strsz) return NULL;
  const char *name = t->str + s->st_name;
  if (bsearch(&name, before->v, before->n, sizeof *before->v, by_name)) return NULL;
  return s;
}

static const char *type_name(uint32_t type) {
  return type == R_X86_64_64 ? "64" : type == R_X86_64_GLOB_DAT ? "GLOB_DAT" : "JUMP_SLOT";
}

/* Rewrites the self-bound relocations of one table (file offset `off`,
 * `size` bytes); adds to `done[type]`. */
static int rewrite(struct elf *lib, const struct tables *t, const struct names *before, size_t off,
                   size_t size, FILE *list, size_t done[]) {
  if (off == 0 || off > lib->len || size > lib->len - off)
    return fail(lib->path, "relocations out of the file");
  Elf64_Rela *r = (Elf64_Rela *)(void *)(lib->img + off);
  for (size_t i = 0; i < size / sizeof *r; i++) {
    const Elf64_Sym *s = self_bound(t, before, &r[i]);
    if (!s) continue;
    uint32_t type = ELF64_R_TYPE(r[i].r_info);
    if (list) fprintf(list, "%s %s\n", type_name(type), t->str + s->st_name);
    r[i].r_addend = (Elf64_Sxword)s->st_value + (type == R_X86_64_64 ? r[i].r_addend : 0);
    r[i].r_info = ELF64_R_INFO(0, R_X86_64_RELATIVE);
    done[type]++;
  }
  return 0;
}

/* Rewrites DT_RELA and DT_JMPREL, which must not overlap. */
static int prebind(struct elf *lib, const struct names *before, FILE *list) {
  struct tables t;
  if (library_tables(lib, &t) != 0) return -1;
  const Elf64_Dyn *d = lib->dyn;
  size_t n = lib->ndyn;
  Elf64_Addr rela = elf_dyn_value(d, n, DT_RELA, 0), jmprel = elf_dyn_value(d, n, DT_JMPREL, 0);
  Elf64_Xword relasz = elf_dyn_value(d, n, DT_RELASZ, 0),
              pltsz = elf_dyn_value(d, n, DT_PLTRELSZ, 0);
  if (rela && jmprel && rela < jmprel + pltsz && jmprel < rela + relasz)
    return fail(lib->path, "DT_RELA and DT_JMPREL overlap: not handled");
  size_t done[R_X86_64_NUM] = {0};
  if ((rela && rewrite(lib, &t, before, elf_vaddr_to_offset(lib->img, rela), relasz, list, done)) ||
      (jmprel &&
       rewrite(lib, &t, before, elf_vaddr_to_offset(lib->img, jmprel), pltsz, list, done)))
    return -1;
  printf(
      "prebind_self: %s: %zu relocations bound to itself (%zu GLOB_DAT, %zu JUMP_SLOT, %zu 64)\n",
      lib->path, done[R_X86_64_GLOB_DAT] + done[R_X86_64_JUMP_SLOT] + done[R_X86_64_64],
      done[R_X86_64_GLOB_DAT], done[R_X86_64_JUMP_SLOT], done[R_X86_64_64]);
  return 0;
}

/* Writes the image to `path` through a temporary file, readable by all. */
static int write_out(const struct elf *lib, const char *path) {
  size_t size = strlen(path) + 5;
  char *tmp = malloc(size);
  if (!tmp) return fail(path, "out of memory");
  snprintf(tmp, size, "%s.tmp", path);
  FILE *out = fopen(tmp, "wb");
  int ok = out && fwrite(lib->img, 1, lib->len, out) == lib->len;
  if (out && fclose(out) != 0) ok = 0;
  ok = ok && chmod(tmp, 0644) == 0 && rename(tmp, path) == 0;
  if (!ok) {
    perror(tmp);
    remove(tmp);
  }
  free(tmp);
  return ok ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: prebind_self LIBRARY EXECUTABLE OUTPUT [LIST]\n");
    return 1;
  }
  remove(argv[3]);
  struct elf lib = {0}, exe = {0};
  struct names before = {0};
  size_t strsz;
  int rc = load(&lib, argv[1]) == 0 && load(&exe, argv[2]) == 0 ? 0 : -1;
  const char *str = rc == 0 ? elf_dynstr(lib.img, lib.len, lib.dyn, lib.ndyn, &strsz) : NULL;
  Elf64_Xword so = elf_dyn_value(lib.dyn, lib.ndyn, DT_SONAME, SIZE_MAX);
  if (rc == 0 && (!str || so >= strsz)) rc = fail(argv[1], "has no SONAME");
  if (rc == 0) rc = scope_before(&exe, str + so, &before);
  FILE *list = rc == 0 && argc == 5 ? fopen(argv[4], "w") : NULL;
  if (rc == 0 && argc == 5 && !list) rc = fail(argv[4], "cannot be written");
  if (rc == 0) rc = prebind(&lib, &before, list);
  if (list && fclose(list) != 0) rc = fail(argv[4], "cannot be written");
  if (rc == 0) rc = write_out(&lib, argv[3]);
  for (size_t i = 0; i < before.n; i++) free((char *)before.v[i]);
  free(before.v);
  free(lib.img);
  free(exe.img);
  if (rc != 0) fprintf(stderr, "prebind_self: no pre-bound copy of %s written\n", argv[1]);
  return rc == 0 ? 0 : 1;
}
