/* The registry holds its lock while it reports errors and frees entries: whether that runs
 * foreign code depends on facts from the other TUs (log_fatal never returns; list_free_full
 * runs what it is given). */
#include <pthread.h>
#include <stdlib.h>

#include "list.h"
#include "log.h"

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct list registry_items;
static int registry_count;

static void registry_item_free(void *item) { free(item); }

/* negative: the hook runs only on the way to abort() inside log_fatal (log.c). */
void registry_add_checked(int id) {
  pthread_mutex_lock(&registry_lock);
  if (id < 0) log_fatal("negative id");
  registry_count++;
  pthread_mutex_unlock(&registry_lock);
}

/* positive: a warning goes on, and anyone's hook runs under registry_lock. */
void registry_add_warned(int id) {
  pthread_mutex_lock(&registry_lock);
  if (id < 0) log_warn("negative id"); /* expect: concur-locked-callback */
  registry_count++;
  pthread_mutex_unlock(&registry_lock);
}

/* negative: list_free_full (list.c) runs this file's own free function. */
void registry_clear(void) {
  pthread_mutex_lock(&registry_lock);
  list_free_full(&registry_items, registry_item_free);
  registry_count = 0;
  pthread_mutex_unlock(&registry_lock);
}

struct registry_owner {
  list_free_func release;
};

/* positive: the release function comes from the owner struct: whatever its creator stored. */
void registry_clear_for(struct registry_owner *owner) {
  pthread_mutex_lock(&registry_lock);
  list_free_full(&registry_items, owner->release); /* expect: concur-locked-callback */
  registry_count = 0;
  pthread_mutex_unlock(&registry_lock);
}
