/* concur-locked-callback: a function pointer stored into an object just
   allocated, through the local that points to it (`table->find = find_direct;`
   right after `table = calloc (...)`), is what later reads of that field find.
   dbus's hash table picks its find function this way; a call through it under
   the table owner's lock runs the project's own code. A field set from an
   exported function's parameter may hold any user's code. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct ht_entry {
  const char *key;
  void *value;
};

struct ht_table {
  int kind;
  struct ht_entry entries[16];
  int count;
  struct ht_entry *(*find)(struct ht_table *table, const char *key);
  void (*free_value)(void *value);
};

static struct ht_entry *ht_find_pointer(struct ht_table *table, const char *key) {
  for (int i = 0; i < table->count; ++i)
    if (table->entries[i].key == key) return &table->entries[i];
  return NULL;
}

static struct ht_entry *ht_find_string(struct ht_table *table, const char *key) {
  for (int i = 0; i < table->count; ++i)
    if (strcmp(table->entries[i].key, key) == 0) return &table->entries[i];
  return NULL;
}

/* The find function is chosen here, in the one place that makes tables; the
   value destructor is whatever the caller of this exported function passes. */
struct ht_table *ht_table_new(int kind, void (*free_value)(void *value)) {
  struct ht_table *table = calloc(1, sizeof *table);
  if (table == NULL) return NULL;
  table->kind = kind;
  switch (kind) {
    case 0:
      table->find = ht_find_pointer;
      break;
    default:
      table->find = ht_find_string;
      break;
  }
  table->free_value = free_value;
  return table;
}

struct ht_registry {
  pthread_mutex_t lock;
  struct ht_table *names;
};

/* negative: find is ht_find_pointer or ht_find_string, both the project's own
   and neither takes a lock. */
void *ht_registry_lookup(struct ht_registry *registry, const char *key) {
  pthread_mutex_lock(&registry->lock);
  struct ht_entry *entry = registry->names->find(registry->names, key);
  void *value = entry ? entry->value : NULL;
  pthread_mutex_unlock(&registry->lock);
  return value;
}

/* positive: free_value came from a parameter of the exported ht_table_new, so
   a user's destructor runs under the registry lock. */
void ht_registry_remove(struct ht_registry *registry, const char *key) {
  pthread_mutex_lock(&registry->lock);
  struct ht_entry *entry = registry->names->find(registry->names, key);
  if (entry && registry->names->free_value)
    registry->names->free_value(entry->value); /* expect: concur-locked-callback */
  pthread_mutex_unlock(&registry->lock);
}

/* negative: a local function pointer variable is the function's own; what it
   is set to does not decide what the table's field holds. */
int ht_pick_and_count(struct ht_table *table, const char *key) {
  struct ht_entry *(*find)(struct ht_table *, const char *) = table->kind ? ht_find_string : ht_find_pointer;
  return find(table, key) != NULL;
}
