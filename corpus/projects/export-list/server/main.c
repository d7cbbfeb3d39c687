#include "cache.h"
#include "table.h"

#include <stdlib.h>

static void release_entry(void *value) { free(value); }

/* negative: the server's own table, made through libcache's internal constructor with its own release_entry. */
static struct table *make_sessions(void) { return table_create(release_entry); }

int main(void) {
  struct cache *c = cache_new(release_entry);
  struct table *sessions = make_sessions();
  cache_put(c, "k", malloc(8));
  table_add(sessions, malloc(8));
  table_shrink(sessions, 0);
  cache_flush(c);
  return 0;
}
