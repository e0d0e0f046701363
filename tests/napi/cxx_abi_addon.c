/* A stand-in for a Node C++ addon built against another Node's V8 (such as
 * better-sqlite3 12 for Node 20): it exports node_register_module_v115
 * (NODE_MODULE_INIT) and needs a V8 symbol that no V8 has (as symbols of Node 20's V8 missing from
 * shoal's), so binding it fails. shoal must say it is a C++ addon, not only "undefined symbol". */
void _ZN2v88internal18ShoalNoSuchSymbolEi(int);
void node_register_module_v115(void);

void node_register_module_v115(void) {
  _ZN2v88internal18ShoalNoSuchSymbolEi(0);
}
