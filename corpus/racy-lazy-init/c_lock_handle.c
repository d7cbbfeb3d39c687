/* concur-racy-lazy-init in C: a lock handle reached through a pointer. */
#include <pthread.h>
#include <stdlib.h>

struct connection {
  pthread_mutex_t* lock;
  int refs;
};

/* positive: two threads both see ctx->lock NULL and each installs a lock. */
void connection_ref(struct connection* ctx) {
  if (!ctx->lock) {
    ctx->lock = malloc(sizeof(pthread_mutex_t)); /* expect: concur-racy-lazy-init */
    pthread_mutex_init(ctx->lock, NULL);
  }
  pthread_mutex_lock(ctx->lock);
  ctx->refs++;
  pthread_mutex_unlock(ctx->lock);
}

/* negative: the lock is created when the connection is, before it is shared. */
struct connection* connection_new(void) {
  struct connection* ctx = calloc(1, sizeof *ctx);
  ctx->lock = malloc(sizeof(pthread_mutex_t));
  pthread_mutex_init(ctx->lock, NULL);
  return ctx;
}
