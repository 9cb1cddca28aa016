/* Marks one symbol-version requirement of an ELF shared library weak (VER_FLG_WEAK in its
 * .gnu.version_r entry), so the dynamic loader accepts a system library that lacks that version;
 * the symbols bound to it are then looked up without the version (build/torch-natives/README.md).
 * usage: weak_verneed LIBRARY VERSION   e.g. weak_verneed libLibTorchSharp.so GLIBCXX_3.4.32
 * Exit status 0 when the entry is weak afterwards, 1 on any error, 2 when the library never asks
 * for that version. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *path, const char *what) {
    fprintf(stderr, "weak_verneed: %s: %s\n", path, what);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: weak_verneed LIBRARY VERSION\n"); return 1; }
    const char *path = argv[1], *version = argv[2];
    FILE *f = fopen(path, "r+b");
    if (!f) { perror(path); return 1; }
    if (fseek(f, 0, SEEK_END) != 0) return fail(path, "cannot seek");
    long size = ftell(f);
    if (size < (long) sizeof(Elf64_Ehdr)) return fail(path, "too small for an ELF file");
    unsigned char *b = malloc((size_t) size);
    if (!b || fseek(f, 0, SEEK_SET) != 0 || fread(b, 1, (size_t) size, f) != (size_t) size) return fail(path, "cannot read");
    Elf64_Ehdr *e = (Elf64_Ehdr *) b;
    if (memcmp(e->e_ident, ELFMAG, SELFMAG) != 0 || e->e_ident[EI_CLASS] != ELFCLASS64 || e->e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(path, "not a 64-bit little-endian ELF file");
    if (e->e_shoff == 0 || e->e_shoff + (unsigned long) e->e_shnum * sizeof(Elf64_Shdr) > (unsigned long) size)
        return fail(path, "section headers outside the file");
    Elf64_Shdr *sh = (Elf64_Shdr *) (b + e->e_shoff);
    int found = 0;
    for (int i = 0; i < e->e_shnum; i++) {
        if (sh[i].sh_type != SHT_GNU_verneed) continue;
        if (sh[i].sh_link >= e->e_shnum) return fail(path, "bad string table link");
        Elf64_Shdr *strtab = &sh[sh[i].sh_link];
        unsigned long end = sh[i].sh_offset + sh[i].sh_size;
        if (end > (unsigned long) size || strtab->sh_offset + strtab->sh_size > (unsigned long) size) return fail(path, "section outside the file");
        unsigned long need = sh[i].sh_offset;
        for (unsigned long n = 0; n < sh[i].sh_info; n++) {
            if (need + sizeof(Elf64_Verneed) > end) return fail(path, "truncated version-needs entry");
            Elf64_Verneed *vn = (Elf64_Verneed *) (b + need);
            unsigned long aux = need + vn->vn_aux;
            for (unsigned k = 0; k < vn->vn_cnt; k++) {
                if (aux + sizeof(Elf64_Vernaux) > end) return fail(path, "truncated version-needs entry");
                Elf64_Vernaux *a = (Elf64_Vernaux *) (b + aux);
                if (a->vna_name < strtab->sh_size && strcmp((const char *) b + strtab->sh_offset + a->vna_name, version) == 0) {
                    a->vna_flags |= VER_FLG_WEAK;
                    long at = (long) ((unsigned char *) &a->vna_flags - b);
                    if (fseek(f, at, SEEK_SET) != 0 || fwrite(&a->vna_flags, sizeof a->vna_flags, 1, f) != 1) return fail(path, "cannot write");
                    found = 1;
                }
                if (a->vna_next == 0) break;
                aux += a->vna_next;
            }
            if (vn->vn_next == 0) break;
            need += vn->vn_next;
        }
    }
    if (fclose(f) != 0) return fail(path, "cannot write");
    free(b);
    if (!found) { fprintf(stderr, "weak_verneed: %s does not require %s\n", path, version); return 2; }
    return 0;
}
