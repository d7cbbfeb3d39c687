/* Helpers a program hands its tables to: one changes the table, one only
   looks. Where a global table is handed in, the change is the caller's. */
#include "gcontainers.h"

void names_remember(GHashTable *names, const char *name) {
  g_hash_table_replace(names, g_strdup(name), g_strdup(name));
}

const char *names_find(GHashTable *names, const char *name) { return g_hash_table_lookup(names, name); }
