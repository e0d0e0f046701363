/* A stand-in for a Node C++ addon (NODE_MODULE): it registers through
 * node_module_register from its static constructor, as those do. shoal must
 * refuse it with ERR_DLOPEN_FAILED naming the file, without calling into it. */
void node_module_register(void *mod);

static struct {
  int nm_version;
  unsigned nm_flags;
  void *rest[8];
} legacy_module = {108, 0, {0}};

__attribute__((constructor)) static void register_legacy(void) {
  node_module_register(&legacy_module);
}
